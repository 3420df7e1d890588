import ArgumentParser
import Foundation
import RecordStore
import SourceReading

/// The batch's worker: reads inbox files named on standard input (one JSON line each), does each
/// one (`FileWork`) and answers on standard output. Run by `batch`, not by people.
struct Worker: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Process inbox files handed over by a batch (internal).",
        shouldDisplay: false
    )

    @Option var store: String
    @Option var threshold: Double
    @Option var archive: String?
    @Option var quarantine: String?
    /// The batch's process: claims are held in its name, and stand while it runs.
    @Option var ownerPid: Int32
    /// Seconds the batch gives each file.
    @Option var timeLimit: Double

    func run() throws {
        // Core files of a worker stopped for its budget would only fill the disk.
        var noCore = rlimit(rlim_cur: 0, rlim_max: 0)
        setrlimit(Int32(RLIMIT_CORE.rawValue), &noCore)
        // LibreOffice gets most of the file's budget, and is stopped before the batch stops this worker.
        let conversion = LegacyConversion(timeout: .milliseconds(Int(max(1, timeLimit * 0.9) * 1000)))
        let work = FileWork(store: try RecordStore(path: store), threshold: threshold, archive: archive, quarantine: quarantine,
                            owner: ClaimOwner(host: ProcessInfo.processInfo.hostName, pid: ownerPid), conversion: conversion)
        while let line = readLine(strippingNewline: true) {
            guard let file = try? JSONDecoder().decode(InboxFile.self, from: Data(line.utf8)) else { throw ExitCode(3) }
            let outcome = work.process(file) { hash in answer(.hashed(hash)) }
            answer(.done(outcome))
        }
    }

    private func answer(_ message: WorkerMessage) {
        guard let data = try? JSONEncoder().encode(message) else { return }
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }
}
