import DocumentModel
import Testing

@Suite struct ByteSearchTests {
    @Test func findsTheFirstRunAtOrAfterTheStart() {
        let haystack = Array("/Image /ImageMask /Image".utf8)
        let needle = Array("/Image".utf8)
        haystack.withUnsafeBufferPointer { bytes in
            #expect(ByteSearch.firstOffset(of: needle, in: bytes) == 0)
            #expect(ByteSearch.firstOffset(of: needle, in: bytes, from: 1) == 7)
            #expect(ByteSearch.firstOffset(of: needle, in: bytes, from: 8) == 18)
            // A run that would end past the bytes, and an empty needle, are not found.
            #expect(ByteSearch.firstOffset(of: needle, in: bytes, from: 19) == nil)
            #expect(ByteSearch.firstOffset(of: Array("Mask/".utf8), in: bytes) == nil)
            #expect(ByteSearch.firstOffset(of: [], in: bytes) == nil)
        }
        // Multi-byte text is searched as its bytes: 予以公开 inside 不予以公开.
        Array("不予以公开".utf8).withUnsafeBufferPointer { bytes in
            #expect(ByteSearch.firstOffset(of: Array("予以公开".utf8), in: bytes) == 3)
        }
    }
}
