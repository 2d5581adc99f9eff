public let camLabVersion = "0.1.0"
