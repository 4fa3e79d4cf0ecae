#include "cohort/CohortFilter.h"

#include "util/Error.h"
#include "util/Text.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <set>

namespace rgw::cohort {

struct CohortFilter::Node {
    enum class Kind { Everyone, Or, And, Not, Compare, State };
    Kind kind = Kind::Everyone;
    std::vector<std::shared_ptr<const Node>> children;
    std::string variable;
    std::string op; // Compare: = != < <= > >=
    Value value;    // Compare
    std::string valueText;
    std::string state; // State: missing, mutated, wild-type, not-profiled, true, false
    bool negated = false;
};

namespace {

using Node = CohortFilter::Node;
using NodePtr = std::shared_ptr<const Node>;

struct Token {
    enum class Kind { Word, Quoted, Op, Open, Close, End } kind;
    std::string text;
    std::size_t column; // 1-based
};

[[noreturn]] void syntax(const std::string& message, std::size_t column) {
    throw Error("filter: " + message + " at column " + std::to_string(column));
}

bool wordChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == ':' ||
           c == '-' || c == '+';
}

std::vector<Token> tokenise(const std::string& text) {
    std::vector<Token> tokens;
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        const std::size_t column = i + 1;
        if (std::isspace(static_cast<unsigned char>(c))) {
            ++i;
        } else if (c == '(' || c == ')') {
            tokens.push_back({c == '(' ? Token::Kind::Open : Token::Kind::Close, {c}, column});
            ++i;
        } else if (c == '\'' || c == '"') {
            const std::size_t close = text.find(c, i + 1);
            if (close == std::string::npos)
                syntax("unterminated quoted text", column);
            tokens.push_back({Token::Kind::Quoted, text.substr(i + 1, close - i - 1), column});
            i = close + 1;
        } else if (c == '=' || c == '!' || c == '<' || c == '>') {
            std::string op(1, c);
            if (i + 1 < text.size() && text[i + 1] == '=')
                op += '=';
            if (op == "!")
                syntax("'!' must be followed by '='", column);
            tokens.push_back({Token::Kind::Op, op, column});
            i += op.size();
        } else if (wordChar(c)) {
            std::size_t end = i;
            while (end < text.size() && wordChar(text[end]))
                ++end;
            tokens.push_back({Token::Kind::Word, text.substr(i, end - i), column});
            i = end;
        } else {
            syntax(std::string("unexpected character '") + c + "'", column);
        }
    }
    tokens.push_back({Token::Kind::End, {}, text.size() + 1});
    return tokens;
}

std::optional<double> number(const std::string& text) {
    double v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v))
        return std::nullopt;
    return v;
}

bool isKeyword(const Token& t, const char* keyword) {
    return t.kind == Token::Kind::Word && asciiLower(t.text) == keyword;
}

class Parser {
public:
    explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

    NodePtr parseAll() {
        if (peek().kind == Token::Kind::End)
            return std::make_shared<Node>();
        NodePtr root = parseOr();
        if (peek().kind != Token::Kind::End)
            syntax("unexpected '" + peek().text + "'", peek().column);
        return root;
    }

private:
    const Token& peek() const { return tokens_[pos_]; }
    const Token& take() { return tokens_[pos_++]; }

    NodePtr parseBinary(Node::Kind kind, const char* keyword, NodePtr (Parser::*operand)()) {
        NodePtr first = (this->*operand)();
        if (!isKeyword(peek(), keyword))
            return first;
        auto node = std::make_shared<Node>();
        node->kind = kind;
        node->children.push_back(first);
        while (isKeyword(peek(), keyword)) {
            take();
            node->children.push_back((this->*operand)());
        }
        return node;
    }
    NodePtr parseOr() { return parseBinary(Node::Kind::Or, "or", &Parser::parseAnd); }
    NodePtr parseAnd() { return parseBinary(Node::Kind::And, "and", &Parser::parseFactor); }

    NodePtr parseFactor() {
        const Token& t = peek();
        if (isKeyword(t, "not")) {
            take();
            auto node = std::make_shared<Node>();
            node->kind = Node::Kind::Not;
            node->children.push_back(parseFactor());
            return node;
        }
        if (t.kind == Token::Kind::Open) {
            take();
            NodePtr inner = parseOr();
            if (peek().kind != Token::Kind::Close)
                syntax("expected ')'", peek().column);
            take();
            return inner;
        }
        return parseCondition();
    }

    NodePtr parseCondition() {
        const Token& variable = take();
        if (variable.kind != Token::Kind::Word || number(variable.text) ||
            isKeyword(variable, "and") || isKeyword(variable, "or") || isKeyword(variable, "is"))
            syntax(variable.kind == Token::Kind::End
                       ? "expected a variable at the end"
                       : "expected a variable, found '" + variable.text + "'",
                   variable.column);
        auto node = std::make_shared<Node>();
        node->variable = variable.text;
        const Token& next = take();
        if (isKeyword(next, "is")) {
            node->kind = Node::Kind::State;
            if (isKeyword(peek(), "not")) {
                take();
                node->negated = true;
            }
            const Token& state = take();
            static const std::set<std::string> kStates{"missing",      "mutated", "wild-type",
                                                       "not-profiled", "true",    "false"};
            if (state.kind != Token::Kind::Word || !kStates.count(asciiLower(state.text)))
                syntax("expected missing, mutated, wild-type, not-profiled, true or false after "
                       "'is'",
                       state.column);
            node->state = asciiLower(state.text);
            return node;
        }
        if (next.kind != Token::Kind::Op)
            syntax("expected a comparison (= != < <= > >=) or 'is' after '" + variable.text + "'",
                   next.column);
        node->kind = Node::Kind::Compare;
        node->op = next.text;
        const Token& value = take();
        if (value.kind == Token::Kind::Quoted) {
            node->value = Value::text(value.text);
            node->valueText = "'" + value.text + "'";
        } else if (value.kind == Token::Kind::Word) {
            const auto n = number(value.text);
            node->value = n ? Value::number(*n) : Value::text(value.text);
            node->valueText = value.text;
        } else {
            syntax("expected a value after '" + node->op + "'", value.column);
        }
        return node;
    }

    std::vector<Token> tokens_;
    std::size_t pos_ = 0;
};

bool compare(const Value& have, const std::string& op, const Value& want) {
    if (have.isMissing())
        return false; // missing never satisfies a comparison
    int order = 0;
    if (const double* a = have.asNumber(), *b = want.asNumber(); a && b) {
        order = *a < *b ? -1 : (*a > *b ? 1 : 0);
    } else if (const std::string* s = have.asText(), *t = want.asText(); s && t) {
        order = s->compare(*t) < 0 ? -1 : (s->compare(*t) > 0 ? 1 : 0);
    } else {
        return op == "!="; // a number and a text are never equal and never ordered
    }
    if (op == "=")
        return order == 0;
    if (op == "!=")
        return order != 0;
    if (op == "<")
        return order < 0;
    if (op == "<=")
        return order <= 0;
    if (op == ">")
        return order > 0;
    return order >= 0;
}

bool hasState(const Value& have, const std::string& state) {
    if (state == "missing")
        return have.isMissing();
    if (state == "true" || state == "false") {
        if (const double* n = have.asNumber())
            return (*n != 0) == (state == "true");
        const std::string* t = have.asText();
        return t && asciiLower(*t) == state;
    }
    const std::string* t = have.asText();
    return t && *t == state;
}

bool evaluate(const Node& node, const PatientVariables& patient) {
    switch (node.kind) {
    case Node::Kind::Everyone:
        return true;
    case Node::Kind::Or:
        return std::any_of(node.children.begin(), node.children.end(),
                           [&](const NodePtr& c) { return evaluate(*c, patient); });
    case Node::Kind::And:
        return std::all_of(node.children.begin(), node.children.end(),
                           [&](const NodePtr& c) { return evaluate(*c, patient); });
    case Node::Kind::Not:
        return !evaluate(*node.children.front(), patient);
    case Node::Kind::Compare:
    case Node::Kind::State:
        break;
    }
    const auto found = patient.find(node.variable);
    const Value have = found == patient.end() ? Value::missing() : found->second;
    if (node.kind == Node::Kind::Compare)
        return compare(have, node.op, node.value);
    return hasState(have, node.state) != node.negated;
}

std::string print(const Node& node, bool nested) {
    switch (node.kind) {
    case Node::Kind::Everyone:
        return {};
    case Node::Kind::Or:
    case Node::Kind::And: {
        const bool isOr = node.kind == Node::Kind::Or;
        std::string text;
        for (const auto& child : node.children) {
            if (!text.empty())
                text += isOr ? " or " : " and ";
            // An 'or' inside an 'and' (or under 'not') needs its brackets.
            text += print(*child, child->kind == Node::Kind::Or && !isOr);
        }
        return nested ? "(" + text + ")" : text;
    }
    case Node::Kind::Not: {
        const Node& child = *node.children.front();
        const bool binary = child.kind == Node::Kind::Or || child.kind == Node::Kind::And;
        return "not " + print(child, binary);
    }
    case Node::Kind::Compare:
        return node.variable + " " + node.op + " " + node.valueText;
    case Node::Kind::State:
        return node.variable + " is " + (node.negated ? "not " : "") + node.state;
    }
    return {};
}

void collect(const Node& node, std::set<std::string>& names) {
    if (!node.variable.empty())
        names.insert(node.variable);
    for (const auto& child : node.children)
        collect(*child, names);
}

} // namespace

CohortFilter CohortFilter::parse(const std::string& text) {
    CohortFilter filter;
    filter.root_ = Parser(tokenise(text)).parseAll();
    filter.text_ = print(*filter.root_, false);
    return filter;
}

bool CohortFilter::matches(const PatientVariables& patient) const {
    return evaluate(*root_, patient);
}

std::vector<std::string> CohortFilter::variables() const {
    std::set<std::string> names;
    collect(*root_, names);
    return {names.begin(), names.end()};
}

} // namespace rgw::cohort
