/// A page (or a picture standing on one) as grey pixels, 0 black to 255 white, rows `width` apart:
/// what a scanner gives and what the OCR stage reads.
public struct GrayRaster: Sendable, Hashable {
    public var width: Int
    public var height: Int
    public var pixels: [UInt8]
    /// Pixels per PDF point (300 dpi is 300 / 72).
    public var scale: Double

    /// Nil unless `pixels` holds exactly `width * height` pixels and the scale is a positive number.
    public init?(width: Int, height: Int, pixels: [UInt8], scale: Double) {
        guard width > 0, height > 0, pixels.count == width * height, scale.isFinite, scale > 0 else { return nil }
        self.width = width
        self.height = height
        self.pixels = pixels
        self.scale = scale
    }

    /// The page's size in points.
    public var pointWidth: Double { Double(width) / scale }
    public var pointHeight: Double { Double(height) / scale }

    public subscript(x: Int, y: Int) -> UInt8 {
        pixels[y * width + x]
    }
}
