import CamLabData
import CamLabPlot

/// Cell outputs as Jupyter MIME bundles, shared by the `.ipynb` writer and the kernel so a notebook looks the
/// same whether it was run in Jupyter or written by `camlab report`: pictures as `image/png` (small ones enlarged
/// crisply), plots as `image/svg+xml`, each with a `text/plain` fallback for text-only front ends.
public enum NotebookBundles {
    public static func image(_ image: ReportImage) -> JSON {
        let text = image.caption.isEmpty ? "<image \(image.width)×\(image.height)>" : image.caption
        return .object([("image/png", .string(base64Encode(image.displayPNG))), ("text/plain", .string(text))])
    }

    /// A plot as SVG, and as an `<img>` of that SVG for `text/html`: JupyterLab and Notebook do not render SVG
    /// from a notebook opened from disk until it is trusted, but they do render sanitized HTML, whose `<img>`
    /// cannot run scripts, so a report's plots show at once.
    public static func plot(svg: String, title: String) -> JSON {
        let image = "<img src=\"data:image/svg+xml;base64,\(base64Encode(Array(svg.utf8)))\" alt=\"\(htmlEscape(title))\">"
        return .object([("image/svg+xml", .string(svg)), ("text/html", .string(image)),
                        ("text/plain", .string("<plot: \(title)>"))])
    }

    /// The bundle of a picture output; nil for text and errors, which have their own message types.
    public static func bundle(_ output: CellOutput) -> JSON? {
        switch output {
        case .image(let picture): return image(picture)
        case .plot(let svg, let title): return plot(svg: svg, title: title)
        case .text, .error: return nil
        }
    }

    /// An error's `ename`, `evalue` and `traceback` (the caret rendering, one line per entry).
    public static func errorFields(_ error: CellError) -> [(String, JSON)] {
        [("ename", .string(error.name)), ("evalue", .string(error.message)),
         ("traceback", .array(error.rendered.split(separator: "\n", omittingEmptySubsequences: false)
            .map { .string(String($0)) }))]
    }
}
