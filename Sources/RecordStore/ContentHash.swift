import CGLib
import CSHA256
import Foundation

/// Files are known by their content: the SHA-256 of their bytes, in lowercase hex.
public enum ContentHash {
    /// The hash of bytes already read: the batch hashes and parses one buffer, so what is recorded
    /// under a hash is what was read. By the processor's SHA instructions where it has them (a
    /// fifth of the time), else by GLib.
    public static func sha256(of bytes: Data) throws -> String {
        try byExtensions(bytes) ?? byGLib(bytes)
    }

    /// nil on a processor without SHA instructions.
    static func byExtensions(_ bytes: Data) -> String? {
        var digest = [UInt8](repeating: 0, count: 32)
        let done = bytes.withUnsafeBytes { raw in
            digest.withUnsafeMutableBufferPointer { digest in
                gongkai_sha256_by_extensions(raw.bindMemory(to: UInt8.self).baseAddress, raw.count, digest.baseAddress)
            }
        }
        guard done == 1 else { return nil }
        var hex = [UInt8]()
        hex.reserveCapacity(64)
        for byte in digest {
            hex.append(hexDigits[Int(byte >> 4)])
            hex.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func byGLib(_ bytes: Data) throws -> String {
        guard let checksum = g_checksum_new(G_CHECKSUM_SHA256) else { throw CocoaError(.featureUnsupported) }
        defer { g_checksum_free(checksum) }
        bytes.withUnsafeBytes { raw in
            g_checksum_update(checksum, raw.bindMemory(to: guchar.self).baseAddress, gssize(raw.count))
        }
        guard let hex = g_checksum_get_string(checksum) else { throw CocoaError(.featureUnsupported) }
        return String(cString: hex)
    }
}
