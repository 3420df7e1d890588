/// A rectangle in PDF points with the origin at the top-left of the upright page,
/// the convention of the record format's `source.bbox`.
public struct BoundingBox: Sendable, Hashable, Codable {
    public var x0: Double
    public var y0: Double
    public var x1: Double
    public var y1: Double

    public init(x0: Double, y0: Double, x1: Double, y1: Double) {
        // Normalised so that callers never have to care which corner a library reported first.
        self.x0 = min(x0, x1)
        self.y0 = min(y0, y1)
        self.x1 = max(x0, x1)
        self.y1 = max(y0, y1)
    }

    public var width: Double { x1 - x0 }
    public var height: Double { y1 - y0 }
    public var midX: Double { (x0 + x1) / 2 }
    public var midY: Double { (y0 + y1) / 2 }

    /// The smallest box holding both.
    public func union(_ other: BoundingBox) -> BoundingBox {
        BoundingBox(x0: min(x0, other.x0), y0: min(y0, other.y0), x1: max(x1, other.x1), y1: max(y1, other.y1))
    }

    /// How much of the two boxes' vertical extents coincide, in points (0 when they are apart).
    public func verticalOverlap(with other: BoundingBox) -> Double {
        max(0, min(y1, other.y1) - max(y0, other.y0))
    }

    public func contains(x: Double, y: Double) -> Bool {
        x >= x0 && x <= x1 && y >= y0 && y <= y1
    }
}
