import ArgumentParser

/// `--threshold`, for every command that takes one: a confidence, so a number from 0 to 1.
/// `nan` and `inf` parse as Doubles; a confidence compared with NaN is never under it, so the
/// queue would come out empty without a word. NaN is in no range, so the range check refuses it.
func validateThreshold(_ threshold: Double) throws {
    guard (0...1).contains(threshold) else {
        throw ValidationError("--threshold must be a number from 0 to 1, not \(threshold)")
    }
}
