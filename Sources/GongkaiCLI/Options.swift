import ArgumentParser
import Foundation
import RecordStore

/// `--store`, for every command that works on the store. Only `batch` makes one: the commands
/// that read one refuse a path where there is none, which is a mistyped path or a batch that never
/// ran, rather than create an empty store and show an empty queue.
struct StoreOption: ParsableArguments {
    @Option(name: .customLong("store"), help: "The SQLite store (default: $XDG_DATA_HOME/gongkai/records.sqlite).")
    var path: String = defaultStorePath()

    /// Where the store lives unless --store says otherwise: `$XDG_DATA_HOME/gongkai/records.sqlite`,
    /// or `~/.local/share/gongkai/records.sqlite`.
    static func defaultStorePath() -> String {
        let environment = ProcessInfo.processInfo.environment
        let data = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".local/share")
        return (data as NSString).appendingPathComponent("gongkai/records.sqlite")
    }

    /// Opens the store (creating it only when `creating`), or says why not and ends with status
    /// 1: the command itself cannot run.
    func open(creating: Bool) throws -> RecordStore {
        guard creating || FileManager.default.fileExists(atPath: path) else {
            FileHandle.standardError.write(Data("gongkai: no store at \(path): run `gongkai batch` first, or name the store with --store\n".utf8))
            throw ExitCode(1)
        }
        do {
            return try RecordStore(path: path)
        } catch {
            FileHandle.standardError.write(Data("gongkai: cannot open the store \(path): \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}

/// `--threshold`, for every command that takes one: a confidence, so a number from 0 to 1.
struct ThresholdOption: ParsableArguments {
    @Option(name: .customLong("threshold"), help: "Fields under this confidence (0 to 1) are doubtful: they go to review.")
    var value: Double = 0.9

    /// `nan` and `inf` parse as Doubles; a confidence compared with NaN is never under it, so the
    /// queue would come out empty without a word. NaN is in no range, so the range check refuses it.
    func validate() throws {
        guard (0...1).contains(value) else {
            throw ValidationError("--threshold must be a number from 0 to 1, not \(value)")
        }
    }
}
