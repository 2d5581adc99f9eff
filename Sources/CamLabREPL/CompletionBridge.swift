import CamLabLang
import CamLabLibrary
import CReadline
#if canImport(Glibc)
import Glibc
#endif

/// Connects readline's completion callback to `Session.completions`, converting between readline's word
/// (delimited by its break characters) and the session's (which knows strings, members and labels).
enum CompletionBridge {
    static var session: Session?

    static let complete: @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = { _, start, end in
        rl_attempted_completion_over = 1  // never fall back to readline's own file-name completion
        guard let session, let buffer = rl_line_buffer else { return nil }
        let line = String(cString: buffer)
        let bytes = Array(line.utf8)
        let completions = session.completions(in: line, cursor: Int(end))
        let wordStart = Int(start)
        let candidates = completions.candidates.compactMap { candidate -> String? in
            if wordStart <= completions.start {
                return String(decoding: bytes[wordStart..<completions.start], as: UTF8.self) + candidate
            }
            let skip = wordStart - completions.start
            let candidateBytes = Array(candidate.utf8)
            return skip <= candidateBytes.count ? String(decoding: candidateBytes[skip...], as: UTF8.self) : nil
        }
        guard !candidates.isEmpty else { return nil }
        // A label gets a space after its colon; names, folders and strings get nothing.
        rl_completion_append_character = candidates.count == 1 && candidates[0].hasSuffix(":") ? 32 : 0
        return matchList(candidates)
    }

    /// readline's format: the common prefix first, then every match, then NULL, all malloc'd.
    static func matchList(_ candidates: [String]) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> {
        let list = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: candidates.count + 2)
        list[0] = strdup(commonPrefix(candidates))
        if candidates.count == 1 {
            list[1] = nil
            return list
        }
        for (i, candidate) in candidates.enumerated() { list[i + 1] = strdup(candidate) }
        list[candidates.count + 1] = nil
        return list
    }

    static func commonPrefix(_ strings: [String]) -> String {
        guard var prefix = strings.first.map({ Array($0.utf8) }) else { return "" }
        for string in strings.dropFirst() {
            let bytes = Array(string.utf8)
            var n = 0
            while n < prefix.count, n < bytes.count, prefix[n] == bytes[n] { n += 1 }
            prefix = Array(prefix[..<n])
        }
        return String(decoding: prefix, as: UTF8.self)
    }
}
