import ArgumentParser
import Foundation
@testable import GongkaiCLI
import RecordStore
import RecordModel
import ReportParser
import SourceReading
import Testing

/// Options out of their range, refused as the command line is read; CSV cells a spreadsheet
/// would run as formulas, neutralised (issue 13).
@Suite struct HostileInputTests {
    /// What the command line says when it refuses `arguments`; nil when it takes them.
    func refusal(_ arguments: [String]) -> String? {
        do {
            _ = try Gongkai.parseAsRoot(arguments)
            return nil
        } catch {
            return Gongkai.message(for: error)
        }
    }

    @Test func portsOutOfRangeAreRefused() {
        #expect(refusal(["review", "--port", "70000"]) == "--port must be from 1 to 65535, or 0 for any free port; not 70000")
        #expect(refusal(["review", "--port=-1"]) == "--port must be from 1 to 65535, or 0 for any free port; not -1")
        #expect(refusal(["review", "--port", "65535"]) == nil)
        #expect(refusal(["review", "--port", "0"]) == nil)
    }

    @Test func thresholdsAreConfidencesForEveryCommand() {
        let commands = [["review"], ["batch", "--inbox", "inbox"], ["extract", "a.pdf"], ["export", "--format", "csv"]]
        for command in commands {
            for (given, shown) in [("nan", "nan"), ("inf", "inf"), ("-0.1", "-0.1"), ("1.5", "1.5")] {
                #expect(refusal(command + ["--threshold=\(given)"]) == "--threshold must be a number from 0 to 1, not \(shown)", "\(command)")
            }
            #expect(refusal(command + ["--threshold", "0"]) == nil && refusal(command + ["--threshold", "1"]) == nil, "\(command)")
        }
    }

    /// Only the batch makes a store: reading commands given a path with none refuse it, rather
    /// than create an empty store and show an empty queue (a mistyped --store).
    @Test func commandsThatReadAStoreRefuseOneThatIsNotThere() async throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-none-\(UUID().uuidString)/records.sqlite").path
        for arguments in [["export", "--format", "csv", "--store", missing], ["status", "--store", missing]] {
            var command = try Gongkai.parseAsRoot(arguments)
            #expect(throws: ExitCode(1), "\(arguments)") { try command.run() }
        }
        // `review` opens its store before serving: the same refusal, and no server.
        let review = try #require(try Gongkai.parseAsRoot(["review", "--store", missing]) as? Review)
        await #expect(throws: ExitCode(1)) { try await review.run() }
        #expect(!FileManager.default.fileExists(atPath: missing))
    }

    @Test func cellsASpreadsheetWouldRunGetALeadingQuote() {
        #expect(csvCell(#"=HYPERLINK("http://evil.example/","x")"#) == #""'=HYPERLINK(""http://evil.example/"",""x"")""#)
        #expect(csvCell("+1+1") == #""'+1+1""#)
        #expect(csvCell("-2+3+cmd|' /C calc'!A0") == #""'-2+3+cmd|' /C calc'!A0""#)
        #expect(csvCell("@SUM(A1:A9)") == #""'@SUM(A1:A9)""#)
        #expect(csvCell("\t=1+1") == "\"'\t=1+1\"")
        #expect(csvCell("\r=1+1") == "\"'\r=1+1\"")
        // Swift reads \r\n as one Character: the cell is still found to start with \r.
        #expect(csvCell("\r\n=1+1") == "\"'\r\n=1+1\"")
        // Plain numbers stay numbers; anything more after a minus is not one.
        #expect(csvCell("-3") == "-3" && csvCell("-0.5") == "-0.5" && csvCell("629") == "629")
        #expect(csvCell("-3.") == #""'-3.""# && csvCell("-1e5") == #""'-1e5""#)
        // RFC 4180 quoting as before, by scalar: a \r\n inside is quoted too.
        #expect(csvCell("a,b") == #""a,b""# && csvCell("苏州市公安局") == "苏州市公安局")
        #expect(csvCell("two\r\nlines") == "\"two\r\nlines\"")
    }

    @Test func theExportNeutralisesAgencyAndFileNameAndKeepsNegativeNumbers() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-csv-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        // A real report under a file name that is a formula, its agency read as another, and a
        // count read as -3.
        let file = scratch.appendingPathComponent("@SUM(1+1).pdf").path
        try FileManager.default.copyItem(atPath: SourceReaderTests.path("Samples/inbox/suzhou-2023.pdf"), toPath: file)
        let hash = try ContentHash.sha256(of: Data(contentsOf: URL(fileURLWithPath: file)))
        var parsed = record(of: try SourceReader.read(path: file), file: file, sha256: hash, threshold: 0.9)
        parsed.agency = RecordAttribute(value: #"=HYPERLINK("http://evil.example/","x")"#, confidence: 0.9)
        let negative = try #require(parsed.fields.firstIndex { $0.key == "s2.licensing.decisions" })
        parsed.fields[negative].value = .integer(-3)
        let store = try RecordStore(path: scratch.appendingPathComponent("records.sqlite").path)
        _ = try store.claim(sha256: hash, owner: .current)
        try store.save(parsed, path: file, threshold: 0.9)

        let lines = try exportCSV(store, threshold: 0.9).components(separatedBy: "\r\n")
        let header = lines[0].components(separatedBy: ",")
        let row = try #require(lines.dropFirst().first)
        #expect(row.hasPrefix(#""'=HYPERLINK(""http://evil.example/"",""x"")",2023,2021,"'@SUM(1+1).pdf","# + hash + ","))
        // No other quote or comma in the row: its cells split on commas line up with the header.
        let cells = row.replacingOccurrences(of: #""'=HYPERLINK(""http://evil.example/"",""x"")""#, with: "agency")
            .components(separatedBy: ",")
        let column = try #require(header.firstIndex(of: "s2.licensing.decisions"))
        #expect(cells.count == header.count && cells[column] == "-3")
    }
}
