import DocumentModel
import DocxExtraction
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the legacy binary formats (Word 97-2003 `.doc`, WPS `.wps`, WPS and Excel spreadsheets)
/// by having LibreOffice convert them: a document to DOCX, a spreadsheet, which has no DOCX form,
/// to PDF. LibreOffice runs headless in a profile of its own, made for the one conversion and
/// removed after it, so neither a user's LibreOffice nor a conversion running beside it is
/// disturbed, and within a time budget: a file that hangs it costs the budget, then the whole
/// process group is killed (soffice starts soffice.bin as its child).
public struct LegacyConversion: Sendable {
    /// The LibreOffice program; nil when none is installed, and the error says what to install.
    public var soffice: String?
    public var timeout: Duration

    public init(soffice: String? = LegacyConversion.installedSoffice(), timeout: Duration = .seconds(120)) {
        self.soffice = soffice
        self.timeout = timeout
    }

    /// LibreOffice as found on the PATH when first asked for, with the default budget: looked up
    /// once a process, since a PATH search stats a file per directory, which cost a DOCX's
    /// extraction a tenth of its time when it was done for every file.
    public static let onPath = LegacyConversion()

    /// `soffice` on the PATH, as the libreoffice packages install it.
    public static func installedSoffice() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").lazy.map { "\($0)/soffice" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The document in the compound file `bytes`, converted; errors name `name`.
    func read(_ bytes: Data, name: String) throws(ExtractionError) -> Document {
        let content = CompoundFileContent(compoundFile: [UInt8](bytes))
        if content == .encryptedOOXML { throw ExtractionError(file: name, reason: .encryptedWordDocument) }
        let format = FileSignature.legacyFormatName(forExtension: (name as NSString).pathExtension)
        guard let soffice else { throw ExtractionError(file: name, reason: .legacyFormat(format)) }
        // LibreOffice finds the format by content; the extension only has to be one it reads.
        let (input, target) = content == .spreadsheet ? ("workbook.xls", "pdf") : ("document.doc", "docx")
        let converted = try convert(bytes, input: input, target: target, soffice: soffice, failure: { detail in
            ExtractionError(file: name, reason: .conversionFailed(format: format, detail: detail))
        })
        var document = target == "pdf" ? try SourceReader.readPDF(converted, name: name) : try SourceReader.readDOCX(converted, name: name)
        document.convertedFrom = format
        return document
    }

    /// Runs `soffice --convert-to target` on the bytes written as `input` in a private directory,
    /// and returns the converted file's bytes.
    private func convert(_ bytes: Data, input: String, target: String, soffice: String,
                         failure: (String) -> ExtractionError) throws(ExtractionError) -> Data {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-convert-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("out")
        let inputFile = directory.appendingPathComponent(input)
        let log = directory.appendingPathComponent("soffice.log")
        do {
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
            try bytes.write(to: inputFile)
        } catch {
            throw failure("cannot write a temporary copy: \(error.localizedDescription)")
        }
        let arguments = [
            soffice, "--headless", "--norestore", "--nolockcheck", "--nodefault", "--nologo",
            "-env:UserInstallation=\(directory.appendingPathComponent("profile").absoluteString)",
            "--convert-to", target, "--outdir", output.path, inputFile.path,
        ]
        let ending = try run(arguments, log: log.path, failure: failure)
        let result = output.appendingPathComponent((input as NSString).deletingPathExtension + "." + target)
        guard let converted = try? Data(contentsOf: result), !converted.isEmpty else {
            let said = (try? String(contentsOf: log, encoding: .utf8))?.split(whereSeparator: \.isNewline).last.map(String.init)
            throw failure(said.map { "soffice ended with \(ending): \($0)" } ?? "soffice ended with \(ending) and wrote nothing")
        }
        return converted
    }

    /// Runs the program in a process group of its own, its output to `log`; how it ended, or a
    /// failure once it has taken longer than the budget, when the group is killed.
    private func run(_ arguments: [String], log: String, failure: (String) -> ExtractionError) throws(ExtractionError) -> String {
        #if canImport(Darwin)
        var actions: posix_spawn_file_actions_t = nil
        var attributes: posix_spawnattr_t = nil
        #else
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Group 0: a new group led by the child, so that killing the group reaches soffice.bin.
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        let environment = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }
        var process: pid_t = 0
        let spawned = withCStrings(arguments) { argv in
            withCStrings(environment) { envp in posix_spawn(&process, arguments[0], &actions, &attributes, argv, envp) }
        }
        guard spawned == 0 else { throw failure("soffice cannot be started: \(String(cString: strerror(spawned)))") }
        let deadline = ContinuousClock.now + timeout
        // Waited on without reaping (WNOWAIT): while the leader is unreaped its id cannot be
        // reused, so killing the group afterwards reaches only what it left running.
        while true {
            var info = siginfo_t()
            let waited = waitid(P_PID, id_t(process), &info, WEXITED | WNOHANG | WNOWAIT)
            if waited != 0 && errno == EINTR { continue }
            if waited != 0 || info.si_signo != 0 { break }
            guard ContinuousClock.now < deadline else {
                kill(-process, SIGKILL)
                var status: Int32 = 0
                waitpid(process, &status, 0)
                throw failure("took longer than \(timeout.components.seconds) s")
            }
            usleep(20_000)
        }
        kill(-process, SIGKILL)
        var status: Int32 = 0
        waitpid(process, &status, 0)
        // The exit code, or the signal that ended it, as wait(2) packs them.
        return status & 0x7F == 0 ? "exit status \((status >> 8) & 0xFF)" : "signal \(status & 0x7F)"
    }
}

/// `strings` as a NULL-terminated array of C strings, for the length of `body`.
private func withCStrings<Result>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> Result) -> Result {
    let pointers = strings.map { strdup($0) } + [nil]
    defer { pointers.forEach { free($0) } }
    return body(pointers)
}
