import CTesseract
import PageRaster

/// A scan is rarely square on the glass: a page fed at an angle of a degree or two turns every
/// table line into a staircase the ruling search cannot follow. The skew is estimated from the
/// page's projection profiles (Leptonica's sweep and binary search over the angle of the text
/// lines and rulings) and the page turned back, white brought in at the corners.
public struct Deskewed: Sendable {
    public var image: GrayRaster
    /// The angle the page was turned by, in degrees; 0 when none was found or needed.
    public var angle: Double
}

/// The largest skew looked for, degrees: a scanner's feeder gives less, and a wider sweep finds
/// false angles on pages of little text.
let maxSkew = 3.0

/// The page turned straight, or as it is when its skew is under a twentieth of a degree (a
/// pixel over 1,100) or cannot be told.
public func deskew(_ image: GrayRaster) -> Deskewed {
    guard let pix = leptonicaPix(image) else { return Deskewed(image: image, angle: 0) }
    defer { destroy(pix) }
    guard let binary = pixConvertTo1(pix, 160) else { return Deskewed(image: image, angle: 0) }
    defer { destroy(binary) }
    var angle: Float = 0
    var confidence: Float = 0
    // Leptonica's sweep (±7° at reduced size) and binary search; its confidence is the best
    // angle's score over the worst's, and under 3 says the page has no lines to tell by.
    guard pixFindSkew(binary, &angle, &confidence) == 0,
          confidence >= 3, abs(angle) >= 0.05, abs(angle) <= Float(maxSkew) else {
        return Deskewed(image: image, angle: 0)
    }
    // Leptonica's angle is the one that makes the lines level, counter-clockwise positive.
    guard let turned = pixRotate(pix, angle * .pi / 180, Int32(L_ROTATE_AREA_MAP), Int32(L_BRING_IN_WHITE),
                                 Int32(image.width), Int32(image.height)) else {
        return Deskewed(image: image, angle: 0)
    }
    defer { destroy(turned) }
    guard let straight = grayRaster(turned, scale: image.scale) else { return Deskewed(image: image, angle: 0) }
    return Deskewed(image: straight, angle: Double(angle))
}

/// The raster as an 8-bit Leptonica image. Leptonica keeps pixels in 32-bit words, most
/// significant byte first; the rows are copied in byte order and swapped once, in C.
func leptonicaPix(_ image: GrayRaster) -> UnsafeMutablePointer<PIX>? {
    guard let pix = pixCreate(Int32(image.width), Int32(image.height), 8), let data = pixGetData(pix) else { return nil }
    let wordsPerLine = Int(pixGetWpl(pix))
    image.pixels.withUnsafeBufferPointer { pixels in
        guard let source = pixels.baseAddress else { return }
        let destination = UnsafeMutableRawPointer(data)
        for row in 0..<image.height {
            (destination + row * wordsPerLine * 4).copyMemory(from: source + row * image.width, byteCount: image.width)
        }
    }
    pixEndianByteSwap(pix)
    return pix
}

/// An 8-bit Leptonica image back as a raster (swapped in place first: the image is the caller's to drop).
func grayRaster(_ pix: UnsafeMutablePointer<PIX>, scale: Double) -> GrayRaster? {
    let width = Int(pixGetWidth(pix)), height = Int(pixGetHeight(pix))
    guard pixGetDepth(pix) == 8, width > 0, height > 0, pixEndianByteSwap(pix) == 0, let data = pixGetData(pix) else { return nil }
    let wordsPerLine = Int(pixGetWpl(pix))
    let source = UnsafeRawPointer(data)
    let pixels = [UInt8](unsafeUninitializedCapacity: width * height) { buffer, initialized in
        guard let destination = buffer.baseAddress else { return }
        for row in 0..<height {
            UnsafeMutableRawPointer(destination + row * width).copyMemory(from: source + row * wordsPerLine * 4, byteCount: width)
        }
        initialized = width * height
    }
    return GrayRaster(width: width, height: height, pixels: pixels, scale: scale)
}

func destroy(_ pix: UnsafeMutablePointer<PIX>) {
    var pointer: UnsafeMutablePointer<PIX>? = pix
    pixDestroy(&pointer)
}
