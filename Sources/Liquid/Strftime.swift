/// Ruby's `Time#strftime`.
public enum Strftime {
    /// Formats `time` by Ruby's `strftime` rules.
    public static func format(_ time: LiquidTime, _ pattern: String) -> String { "" }
}
