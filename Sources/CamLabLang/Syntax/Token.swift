/// The kinds of token CamLab's scanner produces.
public enum TokenKind: Equatable, Sendable {
    // Brackets and punctuation.
    case leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace
    case comma, dot, colon, semicolon, newline
    // Operators.
    case plus, minus, star, slash, percent, starStar
    case equal, equalEqual, bang, bangEqual, less, lessEqual, greater, greaterEqual
    case halfOpenRange, closedRange  // ..<  ...
    // Literals and names.
    case identifier(String)
    case number(Double)
    /// A string literal, already split into literal text and `\( … )` code segments.
    case string([StringSegment])
    // Keywords.
    case `if`, `else`, `for`, `in`, `while`, `func`, `return`, `break`, `continue`
    case `true`, `false`, `none`, and, or, not
    case endOfInput
    /// Text the scanner could not read; the payload says why. The parser turns it into a diagnostic.
    case error(String, atEndOfInput: Bool)
}

/// Part of a string literal: plain text, or the byte range of an interpolated expression.
public enum StringSegment: Equatable, Sendable {
    case text(String)
    case code(Span)
}

public struct Token: Equatable, Sendable {
    public let kind: TokenKind
    public let span: Span
}

let keywords: [String: TokenKind] = [
    "if": .if, "else": .else, "for": .for, "in": .in, "while": .while, "func": .func, "return": .return,
    "break": .break, "continue": .continue, "true": .true, "false": .false, "none": .none,
    "and": .and, "or": .or, "not": .not,
]

extension TokenKind {
    /// How the token reads in an error message ("')'", "a name", "end of input").
    var readable: String {
        switch self {
        case .leftParen: return "'('"
        case .rightParen: return "')'"
        case .leftBracket: return "'['"
        case .rightBracket: return "']'"
        case .leftBrace: return "'{'"
        case .rightBrace: return "'}'"
        case .comma: return "','"
        case .dot: return "'.'"
        case .colon: return "':'"
        case .semicolon: return "';'"
        case .newline: return "end of line"
        case .plus: return "'+'"
        case .minus: return "'-'"
        case .star: return "'*'"
        case .slash: return "'/'"
        case .percent: return "'%'"
        case .starStar: return "'**'"
        case .equal: return "'='"
        case .equalEqual: return "'=='"
        case .bang: return "'!'"
        case .bangEqual: return "'!='"
        case .less: return "'<'"
        case .lessEqual: return "'<='"
        case .greater: return "'>'"
        case .greaterEqual: return "'>='"
        case .halfOpenRange: return "'..<'"
        case .closedRange: return "'...'"
        case .identifier(let name): return "'\(name)'"
        case .number: return "a number"
        case .string: return "a string"
        case .endOfInput: return "end of input"
        case .error(let message, _): return message
        default:
            return "'" + (keywords.first { $0.value == self }?.key ?? "?") + "'"
        }
    }
}

extension TokenKind {
    /// Binary operators: a line ending in one is not finished, so the newline after it is not a separator.
    var continuesLine: Bool {
        switch self {
        case .plus, .minus, .star, .slash, .percent, .starStar, .equalEqual, .bangEqual, .less, .lessEqual,
             .greater, .greaterEqual, .halfOpenRange, .closedRange, .and, .or:
            return true
        default:
            return false
        }
    }
}
