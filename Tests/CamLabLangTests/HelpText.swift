extension String {
    /// Help's text with its wrapped lines joined again, so a test finds a phrase wherever a line break fell.
    var unwrapped: String { replacing(/\n +/, with: " ") }
}
