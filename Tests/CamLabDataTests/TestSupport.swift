#if canImport(Glibc)
import Glibc
#endif
import CamLabCore
@testable import CamLabData

/// A fresh directory under /tmp for one test's fixture files.
func makeTemporaryDirectory() throws -> String {
    var template = Array("/tmp/camlab-data-test-XXXXXX".utf8CString)
    guard let made = mkdtemp(&template) else { throw FileError("cannot create a temporary directory") }
    return String(cString: made)
}

/// The message of the error `body` throws, or nil when it does not throw.
func errorMessage(_ body: () throws -> Void) -> String? {
    do { try body() } catch let error as DataError { return error.message } catch { return "\(error)" }
    return nil
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
