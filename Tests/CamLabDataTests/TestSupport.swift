#if canImport(Glibc)
import Glibc
#endif
import CamLabCore
@testable import CamLabData

/// A fresh directory under /tmp for one test's fixture files.
func makeTemporaryDirectory() throws -> String {
    var template = Array("/tmp/camlab-data-test-XXXXXX".utf8CString)
    guard let made = mkdtemp(&template) else { throw Problem("cannot create a temporary directory") }
    return String(cString: made)
}

/// The message of the error `body` throws, or nil when it does not throw.
func errorMessage(_ body: () throws -> Void) -> String? {
    do { try body() } catch let error as Problem { return error.message } catch { return "\(error)" }
    return nil
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// Bytes from a hex string such as "934e55", the way fixtures produced by Python are pasted into tests.
func hexBytes(_ hex: String) -> [UInt8] {
    let digits = Array(hex.utf8)
    return stride(from: 0, to: digits.count - 1, by: 2).map { UInt8(String(UnicodeScalar(digits[$0]))
        + String(UnicodeScalar(digits[$0 + 1])), radix: 16)! }
}
