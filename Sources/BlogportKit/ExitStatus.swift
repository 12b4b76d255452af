/// The exit codes `blogport` uses (the README has the same table).
public enum ExitStatus: Int32, Sendable, CaseIterable {
    /// Everything converted (warnings may have been printed).
    case success = 0
    /// Some posts could not be converted; the others were written.
    case somePostsFailed = 1
    /// The input as a whole cannot be read: no such site, invalid configuration, not a backup.
    case badInput = 2
    /// The output could not be written: it exists (without `--force`), a path would leave the
    /// output folder, or the disk refused.
    case outputError = 3
}
