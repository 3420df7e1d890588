/// Where a picture may be a table pasted as an image (a report's section 三 copied from a
/// spreadsheet as a picture): by its size where it is placed, in points, as the extractors see it
/// before they spend a rendering or a decoding on it. A table of the template is most of the text
/// width (400–500 pt) and a few rows tall at least; a seal (120 pt), a logo or a signature is
/// smaller. What passes is read as a table only when a ruled grid is found in it.
public enum PictureGeometry {
    public static let minTableWidth = 200.0
    public static let minTableHeight = 60.0

    public static func mayHoldTable(width: Double, height: Double) -> Bool {
        width.isFinite && height.isFinite && width >= minTableWidth && height >= minTableHeight
    }
}
