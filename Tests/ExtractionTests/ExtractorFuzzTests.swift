import DocumentModel
import DocxExtraction
import Foundation
@testable import PDFExtraction
import TableReconstruction
import Testing

/// Random and mutated PDFs and DOCX thrown at the extractors for a bounded time. The assertion is
/// that the test process survives (a trap would end it) and that every refusal is an
/// `ExtractionError` naming the file. Each case is made from the seed and its number alone, so
/// `GONGKAI_FUZZ_SEED=<seed>` replays a run case for case (the number of cases depends on the
/// machine's speed, the cases do not); the seed is printed first, and the input being read is
/// kept in a file, which a crash leaves behind. `GONGKAI_FUZZ_SECONDS` sets each format's budget.
@Suite struct ExtractorFuzzTests {
    static let seed: UInt64 = ProcessInfo.processInfo.environment["GONGKAI_FUZZ_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 1...UInt64.max)
    static let budget: Duration = .seconds(ProcessInfo.processInfo.environment["GONGKAI_FUZZ_SECONDS"].flatMap { Double($0) } ?? 12)

    /// Where the case being read is written before it is read, left there if it crashes the process.
    static func inputPath(_ format: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-fuzz-\(seed)-current.\(format)").path
    }

    /// Runs cases until the budget is spent; how many ran.
    static func fuzz(_ format: String, salt: UInt64, _ read: (_ caseNumber: UInt64, inout SplitMix64) throws -> Void) rethrows -> Int {
        print("fuzz \(format): seed \(seed) (GONGKAI_FUZZ_SEED=\(seed) replays it); a crash leaves its input at \(inputPath(format))")
        let deadline = ContinuousClock.now + budget
        var number: UInt64 = 0
        while ContinuousClock.now < deadline {
            var random = SplitMix64(seed: seed &+ salt &+ number &* 0x9E37_79B9_7F4A_7C15)
            try read(number, &random)
            number += 1
        }
        try? FileManager.default.removeItem(atPath: inputPath(format))
        return Int(number)
    }

    @Test func pdfs() throws {
        let samples = try (Samples.names.map { Paths.sample("\($0).pdf") } + ["text.pdf", "rotated-90.pdf", "scanned.pdf", "no-pages.pdf"].map(Paths.fixture))
            .map { try [UInt8](Data(contentsOf: URL(fileURLWithPath: $0))) }
        let cases = try Self.fuzz("pdf", salt: 1) { number, random in
            let bytes = random.chance(0.4) ? randomPDF(&random) : mutated(random.element(of: samples), &random)
            let name = "fuzz-\(Self.seed)-\(number).pdf"
            try Data(bytes).write(to: URL(fileURLWithPath: Self.inputPath("pdf")))
            do throws(ExtractionError) {
                // The tables too: page geometry from the file reaches the reconstruction's arithmetic.
                _ = reconstructBlocks(pages: try PDFExtractor.extract(bytes: Data(bytes), file: name)).blocks
            } catch {
                #expect(error.file == name)
            }
        }
        #expect(cases > 0)
        print("fuzz pdf: \(cases) cases")
    }

    @Test func docx() throws {
        let sources = Samples.names.map { Paths.sample("\($0).docx") } + ["features.docx"].map(Paths.fixture)
        let archives = try sources.map(TestFiles.zipEntries)
        let cases = try Self.fuzz("docx", salt: 2) { number, random in
            let bytes = try mutatedDocx(random.element(of: archives), &random)
            let name = "fuzz-\(Self.seed)-\(number).docx"
            try Data(bytes).write(to: URL(fileURLWithPath: Self.inputPath("docx")))
            do throws(ExtractionError) {
                _ = try DocxExtractor.extract(bytes: Data(bytes), file: name)
            } catch {
                #expect(error.file == name)
            }
        }
        #expect(cases > 0)
        print("fuzz docx: \(cases) cases")
    }
}

/// Numbers that have broken readers: past Int32, Int64 and any page, tiny, negative, long.
private let hostileNumbers = [
    "0", "-0", "1", "-1", "0.0001", "-0.5", "595", "842", "14400", "14401", "32767", "32768", "2147483647", "2147483648",
    "-2147483649", "4294967296", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
    "100000000000000", "1000000000000000000000000000000", String(repeating: "9", count: 320), "." + String(repeating: "0", count: 320) + "1",
]

// MARK: PDF

/// A PDF of one to three pages of random drawing and text operators with hostile operands.
private func randomPDF(_ random: inout SplitMix64) -> [UInt8] {
    let pages = Int.random(in: 1...3, using: &random)
    var objects = ["<< /Type /Catalog /Pages 2 0 R >>",
                   "<< /Type /Pages /Kids [\((0..<pages).map { "\(3 + 2 * $0) 0 R" }.joined(separator: " "))] /Count \(pages) >>"]
    let font = 3 + 2 * pages
    for _ in 0..<pages {
        let box = random.chance(0.5) ? "0 0 595 842" : (0..<4).map { _ in number(&random) }.joined(separator: " ")
        let rotate = random.element(of: ["0", "90", "180", "270", "45", number(&random)])
        var content = ""
        for _ in 0..<Int.random(in: 1...60, using: &random) { content += randomOperator(&random) + " " }
        objects.append("<< /Type /Page /Parent 2 0 R /MediaBox [\(box)] /Rotate \(rotate) /Contents \(objects.count + 2) 0 R /Resources << /Font << /F1 \(font) 0 R >> >> >>")
        objects.append("<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream")
    }
    objects.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    return MinimalPDF.bytes(objects: objects)
}

/// Mostly page-sized numbers, so text and tables happen, with hostile ones among them.
private func number(_ random: inout SplitMix64) -> String {
    random.chance(0.3) ? random.element(of: hostileNumbers) : String(Int.random(in: 0...842, using: &random))
}

private func randomOperator(_ random: inout SplitMix64) -> String {
    func n() -> String { number(&random) }
    return switch Int.random(in: 0..<10, using: &random) {
    case 0: "\(n()) \(n()) \(n()) \(n()) re S"
    case 1: "\(n()) \(n()) m \(n()) \(n()) l S"
    case 2: "\(n()) \(n()) \(n()) \(n()) re f"
    case 3: "\(n()) w"
    case 4: "\(n()) \(n()) \(n()) \(n()) \(n()) \(n()) cm"
    case 5: "BT /F1 \(n()) Tf \(n()) \(n()) Td (\(random.element(of: ["A", "12", "x y", "(a)"]))) Tj ET"
    case 6: "BT /F1 \(n()) Tf \(n()) \(n()) \(n()) \(n()) \(n()) \(n()) Tm (\(random.element(of: ["B", "345"]))) Tj ET"
    case 7: "BT /F1 9 Tf \(n()) \(n()) Td [(a) \(n()) (b) \(n()) (c)] TJ ET"
    case 8: "q \(n()) 0 0 \(n()) 0 0 cm"
    default: "Q"
    }
}

// MARK: mutations

/// The bytes with one to three mutations: flips, a cut, a number replaced by a hostile one, a
/// hostile number inserted, a span repeated.
private func mutated(_ original: [UInt8], _ random: inout SplitMix64) -> [UInt8] {
    var bytes = original
    for _ in 0..<Int.random(in: 1...3, using: &random) where !bytes.isEmpty {
        let at = Int.random(in: 0..<bytes.count, using: &random)
        switch Int.random(in: 0..<5, using: &random) {
        case 0:
            for _ in 0..<Int.random(in: 1...16, using: &random) {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] ^= UInt8.random(in: 1...255, using: &random)
            }
        case 1:
            bytes.removeSubrange(at...)
        case 2:
            // The run of digits at or after `at`, as in a MediaBox, an operator's operand or an offset.
            guard let start = bytes[at...].firstIndex(where: isDigit) else { break }
            let end = bytes[start...].firstIndex { !isDigit($0) && $0 != UInt8(ascii: ".") } ?? bytes.count
            bytes.replaceSubrange(start..<end, with: Array(random.element(of: hostileNumbers).utf8))
        case 3:
            bytes.insert(contentsOf: Array(" \(random.element(of: hostileNumbers)) ".utf8), at: at)
        default:
            let span = bytes[at..<min(bytes.count, at + Int.random(in: 1...256, using: &random))]
            let copies = Int.random(in: 1...64, using: &random)
            bytes.insert(contentsOf: Array([[UInt8]](repeating: Array(span), count: copies).joined()), at: at)
        }
    }
    return bytes
}

private func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

// MARK: DOCX

/// Elements whose counts and merges drive table building, put into a random `w:tcPr` or `w:trPr`.
private let tableProperties = [
    "<w:vMerge/>", "<w:vMerge w:val=\"restart\"/>", "<w:hMerge/>", "<w:hMerge w:val=\"restart\"/>",
    "<w:gridSpan w:val=\"%\"/>", "<w:gridBefore w:val=\"%\"/>", "<w:gridAfter w:val=\"%\"/>",
]

/// A DOCX rebuilt from `entries` with its document part's XML mutated, or its zip bytes mutated
/// (flips, cuts, entries renamed alike, dropped or reordered).
private func mutatedDocx(_ entries: [(name: String, bytes: [UInt8])], _ random: inout SplitMix64) throws -> [UInt8] {
    var entries = entries
    guard let document = entries.firstIndex(where: { $0.name == "word/document.xml" }) else { return [] }
    switch Int.random(in: 0..<10, using: &random) {
    case 0:
        return mutated([UInt8](try TestFiles.zipData(entries)), &random)
    case 1:
        // Another entry given the document's name (a duplicate), or the document dropped; in any order.
        let other = Int.random(in: 0..<entries.count, using: &random)
        if other == document { entries.remove(at: document) } else { entries[other].name = "word/documenX.xml" }
        return try TestFiles.zipData(entries.shuffled(using: &random), renaming: "word/documenX.xml", to: "word/document.xml")
    case 2:
        entries[document].bytes = mutated(entries[document].bytes, &random)
    default:
        var xml = String(decoding: entries[document].bytes, as: UTF8.self)
        for _ in 0..<Int.random(in: 1...4, using: &random) { xml = mutatedXML(xml, &random) }
        entries[document].bytes = Array(xml.utf8)
    }
    return [UInt8](try TestFiles.zipData(entries))
}

/// One structural mutation of WordprocessingML: a `w:val` made hostile, a merge or span put in,
/// an element repeated many times, or a closing tag dropped.
private func mutatedXML(_ xml: String, _ random: inout SplitMix64) -> String {
    let utf8 = Array(xml.utf8)
    // memchr and memcmp, not a loop over the bytes: a debug build runs this thousands of times.
    func ranges(of needle: String) -> [Range<Int>] {
        let pattern = Array(needle.utf8)
        return utf8.withUnsafeBytes { haystack in
            guard let base = haystack.baseAddress else { return [] }
            var found: [Range<Int>] = []
            var from = 0
            while from + pattern.count <= haystack.count, let hit = memchr(base + from, Int32(pattern[0]), haystack.count - from) {
                let start = base.distance(to: UnsafeRawPointer(hit))
                guard start + pattern.count <= haystack.count else { break }
                if memcmp(hit, pattern, pattern.count) == 0 { found.append(start..<start + pattern.count) }
                from = start + 1
            }
            return found
        }
    }
    func replacing(_ range: Range<Int>, with text: String) -> String {
        String(decoding: utf8[..<range.lowerBound] + Array(text.utf8) + utf8[range.upperBound...], as: UTF8.self)
    }
    let values = hostileNumbers + ["restart", "continue", "", "x", "&#0;"]
    switch Int.random(in: 0..<4, using: &random) {
    case 0:
        guard let value = ranges(of: "w:val=\"").randomElement(using: &random),
              let close = utf8[value.upperBound...].firstIndex(of: UInt8(ascii: "\"")) else { return xml }
        return replacing(value.upperBound..<close, with: random.element(of: values))
    case 1:
        guard let properties = (ranges(of: "<w:tcPr>") + ranges(of: "<w:trPr>")).randomElement(using: &random) else { return xml }
        let property = random.element(of: tableProperties).replacingOccurrences(of: "%", with: random.element(of: values))
        return replacing(properties.upperBound..<properties.upperBound, with: property)
    case 2:
        // A run, cell or row repeated up to a thousand times: long paragraphs, wide rows, long merges.
        let tag = random.element(of: ["w:r", "w:tc", "w:tr", "w:p"])
        guard let open = ranges(of: "<\(tag)>").randomElement(using: &random),
              let close = ranges(of: "</\(tag)>").first(where: { $0.lowerBound > open.lowerBound }) else { return xml }
        let element = String(decoding: utf8[open.lowerBound..<close.upperBound], as: UTF8.self)
        // Kept under 2 MB, so that repeats of repeats cannot take the machine instead of the reader.
        let copies = min(Int.random(in: 1...1_000, using: &random), max(0, (2 << 20) - utf8.count) / max(1, element.utf8.count))
        return replacing(close.upperBound..<close.upperBound, with: String(repeating: element, count: copies))
    default:
        let tag = random.element(of: ["</w:tc>", "</w:tr>", "</w:tbl>", "</w:p>"])
        guard let close = ranges(of: tag).randomElement(using: &random) else { return xml }
        return replacing(close, with: "")
    }
}

/// A small, fast generator whose whole state is its seed, so a case can be made again from it.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &self) < probability }

    mutating func element<T>(of values: [T]) -> T { values[Int.random(in: 0..<values.count, using: &self)] }
}
