import CGLib
import Foundation

/// Files are known by their content: the SHA-256 of their bytes, in lowercase hex.
public enum ContentHash {
    /// Reads the file in chunks, so a large file costs a buffer, not its size in memory.
    public static func sha256(ofFileAt path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        defer { try? handle.close() }
        return try digest { checksum in
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { update(checksum, with: chunk) }
        }
    }

    /// The hash of bytes already read: the batch hashes and parses one buffer, so what is recorded
    /// under a hash is what was read.
    public static func sha256(of bytes: [UInt8]) throws -> String {
        try digest { checksum in update(checksum, with: bytes) }
    }

    private static func digest(_ feed: (OpaquePointer) throws -> Void) throws -> String {
        guard let checksum = g_checksum_new(G_CHECKSUM_SHA256) else { throw CocoaError(.featureUnsupported) }
        defer { g_checksum_free(checksum) }
        try feed(checksum)
        guard let hex = g_checksum_get_string(checksum) else { throw CocoaError(.featureUnsupported) }
        return String(cString: hex)
    }

    private static func update(_ checksum: OpaquePointer, with bytes: some ContiguousBytes) {
        bytes.withUnsafeBytes { raw in
            g_checksum_update(checksum, raw.bindMemory(to: guchar.self).baseAddress, gssize(raw.count))
        }
    }
}
