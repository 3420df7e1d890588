import DocumentModel
import Foundation

extension DocxExtractor {
    /// Reads a picture of the body that may be a table pasted as an image (the OCR stage): given
    /// its bytes as the archive stores them, its part's name (`word/media/image1.png`) and the
    /// width it is placed at in points when the document says, the blocks it holds (its table and
    /// the text around it), empty when it holds no table; what it could not read it notes itself.
    public typealias PictureReader = (_ picture: Data, _ part: String, _ width: Double?) -> [Block]
}

/// A picture as the body places it (`w:drawing`): the relationship naming its part and its size.
struct PlacedDrawing {
    /// `r:embed` of its `a:blip`.
    var relationship: String?
    /// `wp:extent`, points.
    var width: Double?
    var height: Double?
}

/// The pictures of a DOCX's body read for tables, within the limits: which part each is (from
/// `word/_rels/document.xml.rels`, read when the first picture asks), its bytes inflated within
/// the picture limit, and what could not be read, for the document's problems.
final class BodyPictures {
    static let relationshipsPart = "word/_rels/document.xml.rels"

    private let archive: ZipArchive
    private let file: String
    private let limits: DocxLimits
    private let reader: DocxExtractor.PictureReader
    private var targets: [String: String]?
    private(set) var notes: [String] = []
    private var read = 0
    private var passedOver = 0

    init(archive: ZipArchive, file: String, limits: DocxLimits, reader: @escaping DocxExtractor.PictureReader) {
        self.archive = archive
        self.file = file
        self.limits = limits
        self.reader = reader
    }

    /// The blocks a picture holds; none when it is too small to be a table where it is placed
    /// (a seal, a logo, a signature), or when it cannot be read (then noted).
    func blocks(of drawing: PlacedDrawing) -> [Block] {
        guard let relationship = drawing.relationship else { return [] }
        if let width = drawing.width, let height = drawing.height, !PictureGeometry.mayHoldTable(width: width, height: height) { return [] }
        guard let part = target(of: relationship) else { return [] }
        guard read < limits.maxPictures else {
            passedOver += 1
            return []
        }
        read += 1
        do throws(ExtractionError) {
            return reader(try archive.picture(named: part, file: file, limits: limits), part, drawing.width)
        } catch {
            let reason = switch error.reason {
            case .missingPart: "the picture is not in the archive"
            case .limitExceeded(let detail), .damaged(let detail): detail
            default: error.reasonText
            }
            notes.append("\(part): \(reason), not read")
            return []
        }
    }

    /// What was not read, one sentence each.
    var problems: [String] {
        notes + (passedOver > 0 ? ["\(passedOver) more pictures not read for tables: at most \(limits.maxPictures) a document"] : [])
    }

    /// The part a relationship of the body names, when it is a member of the archive (not a link).
    private func target(of relationship: String) -> String? {
        if targets == nil {
            do throws(ExtractionError) {
                targets = try relationshipTargets()
            } catch {
                targets = [:]
                notes.append("\(Self.relationshipsPart) cannot be read (\(error.reasonText)): no picture read")
            }
        }
        return targets?[relationship]
    }

    /// Each internal relationship's id and the part it names, the target taken relative to
    /// `word/` as the package's rules say (`media/image1.png`, `/word/media/image1.png`, `../x`).
    private func relationshipTargets() throws(ExtractionError) -> [String: String] {
        let stream = try archive.openEntry(named: Self.relationshipsPart, file: file, limits: limits)
        return try parseXMLPart(stream, file: file, maxDepth: limits.maxXMLDepth, handler: Relationships()).targets
    }
}

/// The internal relationships of a part's `.rels`: each `Relationship`'s id and the member it names.
private struct Relationships: XMLPartHandler {
    private(set) var targets: [String: String] = [:]

    mutating func startElement(_ tag: XMLStartTag) -> Bool {
        if tag.isNamed("Relationship"), tag.attribute("TargetMode") != "External",
           let id = tag.attribute("Id"), let target = tag.attribute("Target") {
            targets[id] = resolved(target)
        }
        return false
    }
}

/// A relationship's target as a member name of the archive: relative to `word/`, or from the
/// package's root when it starts with `/`; `..` steps up.
func resolved(_ target: String) -> String {
    var parts: [Substring] = target.hasPrefix("/") ? [] : ["word"]
    for part in target.split(separator: "/") {
        switch part {
        case ".": continue
        case "..": _ = parts.popLast()
        default: parts.append(part)
        }
    }
    return parts.joined(separator: "/")
}
