/// The names Rouge 3.30 finds lexers by, for deciding whether code is highlighted.
public enum RougeLexers {
    /// Every lexer tag and alias Rouge's registry knows (case-sensitive, as `Rouge::Lexer.find`).
    public static let names: Set<String> = rougeLexerNames
}
