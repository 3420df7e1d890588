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
        guard let checksum = g_checksum_new(G_CHECKSUM_SHA256) else { throw CocoaError(.featureUnsupported) }
        defer { g_checksum_free(checksum) }
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            chunk.withUnsafeBytes { bytes in
                g_checksum_update(checksum, bytes.bindMemory(to: guchar.self).baseAddress, gssize(bytes.count))
            }
        }
        guard let hex = g_checksum_get_string(checksum) else { throw CocoaError(.featureUnsupported) }
        return String(cString: hex)
    }
}
