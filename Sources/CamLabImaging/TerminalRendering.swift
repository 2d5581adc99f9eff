extension Image {
    /// The image as text for a 24-bit-colour terminal: each character is `▀` with the foreground set to the upper
    /// pixel and the background to the lower one, so one line shows two pixel rows. Alpha is ignored; an odd last
    /// row leaves the lower half in the terminal's own background. Every line ends by resetting the colours.
    public func terminalRendering() -> String {
        let rgb = (try? converted(toChannels: 3)) ?? self
        func color(_ x: Int, _ y: Int) -> String {
            let i = (y * width + x) * 3
            return "\(rgb.pixels[i]);\(rgb.pixels[i + 1]);\(rgb.pixels[i + 2])"
        }
        var text = ""
        for y in stride(from: 0, to: height, by: 2) {
            for x in 0..<width {
                text += "\u{1B}[38;2;\(color(x, y))m"
                text += y + 1 < height ? "\u{1B}[48;2;\(color(x, y + 1))m" : "\u{1B}[49m"
                text += "▀"
            }
            text += "\u{1B}[0m\n"
        }
        return text
    }
}
