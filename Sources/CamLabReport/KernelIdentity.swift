import CamLabData
import CamLabCore

/// How CamLab names itself to Jupyter: in a kernel spec, in `kernel_info`, and in a notebook's metadata. One
/// place, so a notebook CamLab writes opens with the kernel `camlab kernel install` registered.
public enum KernelIdentity {
    public static let name = "camlab"
    public static let displayName = "CamLab"
    public static let language = "camlab"
    public static let fileExtension = ".dsl"
    public static let mimetype = "text/x-camlab"
    /// There is no Pygments lexer or CodeMirror mode for CamLab; Python's is the nearest: `#` comments, the
    /// keywords `for in if else while return break continue and or not`, strings and numbers all colour right.
    public static let highlighter = "python"

    /// `language_info` as Jupyter's `kernel_info_reply` and a notebook's metadata carry it.
    public static var languageInfo: JSON {
        .object([("name", .string(language)), ("version", .string(camLabVersion)), ("mimetype", .string(mimetype)),
                 ("file_extension", .string(fileExtension)), ("pygments_lexer", .string(highlighter)),
                 ("codemirror_mode", .string(highlighter))])
    }

    public static var kernelspec: JSON {
        .object([("name", .string(name)), ("display_name", .string(displayName)), ("language", .string(language))])
    }
}
