/// Which templates and regulatory mapping rendered a report or an inventory, and their digest,
/// so a reader can tell a restyled report from the built-in one (docs/reports.md, "Templates").
public struct TemplateInfo: Codable, Sendable, Equatable {
    /// `built-in`, or the folder given with `--templates` (files it lacks come from the built-in copy).
    public var source: String
    /// `sha256:<hex>` of the lines `<sha256 hex of the file>  <name>\n` for every template file
    /// used, sorted by name: what `sha256sum` prints for the files, hashed again.
    public var digest: String
    /// Each file: its name, where it came from and its own digest.
    public var files: [TemplateFile]
}

/// One file of a template set.
public struct TemplateFile: Codable, Sendable, Equatable {
    /// The file name, e.g. `report.html.mustache`.
    public var name: String
    /// `built-in` or the path it was read from.
    public var source: String
    /// `sha256:<hex>` of its bytes.
    public var digest: String
}
