#ifndef GONGKAI_SHA256_EXTENSIONS_H
#define GONGKAI_SHA256_EXTENSIONS_H

#include <stddef.h>
#include <stdint.h>

/// The SHA-256 of `length` bytes at `data` into `digest`, by the processor's SHA extensions
/// (x86-64 SHA-NI). Returns 1 when done, 0 when this processor has no such instructions (the
/// caller hashes another way).
int gongkai_sha256_by_extensions(const uint8_t *data, size_t length, uint8_t digest[32]);

#endif
