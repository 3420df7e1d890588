import CGLib
import Foundation

/// Files are known by their content: the SHA-256 of their bytes, in lowercase hex.
public enum ContentHash {
    /// The hash of bytes already read: the batch hashes and parses one buffer, so what is recorded
    /// under a hash is what was read.
    public static func sha256(of bytes: Data) throws -> String {
        guard let checksum = g_checksum_new(G_CHECKSUM_SHA256) else { throw CocoaError(.featureUnsupported) }
        defer { g_checksum_free(checksum) }
        bytes.withUnsafeBytes { raw in
            g_checksum_update(checksum, raw.bindMemory(to: guchar.self).baseAddress, gssize(raw.count))
        }
        guard let hex = g_checksum_get_string(checksum) else { throw CocoaError(.featureUnsupported) }
        return String(cString: hex)
    }
}
