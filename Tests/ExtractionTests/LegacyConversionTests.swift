import DocumentModel
import Foundation
@testable import SourceReading
import Testing

/// `.doc`, `.wps` and `.et` files go through LibreOffice when it is installed; an encrypted DOCX,
/// a compound file too, never does.
@Suite struct LegacyConversionTests {
    func refusal(_ bytes: [UInt8], name: String, conversion: LegacyConversion) -> ExtractionError? {
        do {
            _ = try SourceReader.read(bytes: Data(bytes), name: name, conversion: conversion)
            return nil
        } catch {
            return error
        }
    }

    @Test func withoutLibreOfficeTheMessageSaysWhatToInstall() {
        let error = refusal(TestFiles.compoundFile(streams: ["WordDocument"]), name: "inbox/report.wps", conversion: LegacyConversion(soffice: nil))
        #expect(error == ExtractionError(file: "inbox/report.wps", reason: .legacyFormat("WPS (.wps)")))
        #expect(error?.description == "inbox/report.wps: WPS (.wps) file: install LibreOffice (apt-get install libreoffice-writer-nogui) to have it converted, or open it in Word or WPS and save it as DOCX")
    }

    @Test func anEncryptedDocxNeverReachesLibreOffice() {
        let encrypted = TestFiles.compoundFile(streams: ["EncryptionInfo", "EncryptedPackage"])
        let conversion = LegacyConversion(soffice: "/nonexistent/soffice")
        #expect(refusal(encrypted, name: "report.docx", conversion: conversion) == ExtractionError(file: "report.docx", reason: .encryptedWordDocument))
    }

    /// A converter that hangs costs its budget; then its whole process group is killed, the child
    /// it started included (as soffice starts soffice.bin).
    @Test func aHangingConversionIsKilledWithItsChildren() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-hang-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appendingPathComponent("soffice").path
        let childFile = directory.appendingPathComponent("child").path
        try "#!/bin/sh\nsleep 60 &\necho $! > \(childFile)\nwait\n".write(toFile: script, atomically: true, encoding: .utf8)
        try #require(chmod(script, 0o755) == 0)
        let start = ContinuousClock.now
        let error = refusal(TestFiles.compoundFile(streams: ["WordDocument"]), name: "slow.doc",
                            conversion: LegacyConversion(soffice: script, timeout: .seconds(1)))
        #expect(error == ExtractionError(file: "slow.doc", reason: .conversionFailed(format: "Word 97-2003 (.doc)", detail: "took longer than 1 s")))
        #expect(ContinuousClock.now - start < .seconds(30))
        let child = try #require(Int32(String(contentsOfFile: childFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(isGone(child))
    }

    /// Gone, or dead and waiting to be reaped by an init that may never do so in a container.
    func isGone(_ process: Int32) -> Bool {
        for _ in 0..<100 {
            guard let stat = try? String(contentsOfFile: "/proc/\(process)/stat", encoding: .utf8) else { return true }
            if stat.split(separator: ")").last?.split(separator: " ").first == "Z" { return true }
            usleep(20_000)
        }
        return false
    }

    /// A real `.doc`, made from a sample DOCX by LibreOffice here, is read back through LibreOffice.
    @Test(.enabled(if: LegacyConversion.installedSoffice() != nil, "soffice is not installed (apt-get install libreoffice-writer-nogui)"))
    func aDocMadeByLibreOfficeIsConvertedAndSaysSo() throws {
        let soffice = try #require(LegacyConversion.installedSoffice())
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-doc-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: soffice)
        process.arguments = ["--headless", "--norestore", "-env:UserInstallation=\(directory.appendingPathComponent("profile").absoluteString)",
                             "--convert-to", "doc", "--outdir", directory.path, Paths.sample("suqian-2020.docx")]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let doc = try Data(contentsOf: directory.appendingPathComponent("suqian-2020.doc"))
        #expect(FileSignature(leadingBytes: [UInt8](doc.prefix(8))) == .compoundFile)

        let document = try SourceReader.read(bytes: doc, name: "inbox/suqian-2020.doc")
        #expect(document.kind == .docx)
        #expect(document.convertedFrom == "Word 97-2003 (.doc)")
        let original = try SourceReader.read(path: Paths.sample("suqian-2020.docx"))
        // The last table comes back a grid column wider (4×16): LibreOffice's .doc export splits a column.
        let shapes = { (tables: [Table]) in tables.prefix(2).map { "\($0.rowCount)×\($0.columnCount)" } }
        #expect(document.tables.count == 3 && shapes(document.tables) == shapes(original.tables))
        #expect(document.paragraphs.first?.text == original.paragraphs.first?.text)
    }
}
