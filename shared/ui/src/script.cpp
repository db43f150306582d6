#include "keluhan/ui/script.hpp"

#include "keluhan/domain/text.hpp"

#include <charconv>

namespace keluhan::ui {

Result<std::vector<ScriptAction>> parse_script(std::string_view text) {
    std::vector<ScriptAction> out;
    int line_no = 0;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        const auto end = text.find('\n', pos);
        std::string line(
            text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos));
        pos = end == std::string_view::npos ? text.size() + 1 : end + 1;
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const std::string trimmed = keluhan::text::trim(line);
        if (trimmed.empty() || trimmed[0] == '#') continue;
        const auto space = trimmed.find(' ');
        const std::string verb = trimmed.substr(0, space);
        // The argument keeps its inner spaces (and, for type, a trailing space).
        std::string arg;
        if (space != std::string::npos) {
            const auto start = line.find(verb) + verb.size() + 1;
            arg = start <= line.size() ? line.substr(start) : std::string();
            if (verb != "type") arg = keluhan::text::trim(arg);
        }
        auto bad = [&](const char* key) {
            return Error{
                ErrorKind::Invalid, key, {{"line", std::to_string(line_no)}, {"text", trimmed}}};
        };
        ScriptAction a;
        a.line = line_no;
        a.arg = arg;
        if (verb == "tap")
            a.kind = ScriptAction::Kind::Tap;
        else if (verb == "hover")
            a.kind = ScriptAction::Kind::Hover;
        else if (verb == "type")
            a.kind = ScriptAction::Kind::Type;
        else if (verb == "key")
            a.kind = ScriptAction::Kind::Key;
        else if (verb == "shot")
            a.kind = ScriptAction::Kind::Shot;
        else if (verb == "expect")
            a.kind = ScriptAction::Kind::Expect;
        else if (verb == "absent")
            a.kind = ScriptAction::Kind::Absent;
        else if (verb == "wait") {
            a.kind = ScriptAction::Kind::Wait;
            try {
                std::size_t used = 0;
                a.seconds = std::stod(arg, &used);
                if (used != arg.size() || a.seconds < 0 || a.seconds > 3600)
                    return bad("err.script.number");
            } catch (...) {
                return bad("err.script.number");
            }
        } else if (verb == "await") {
            a.kind = ScriptAction::Kind::Await;
            const auto sp = arg.find(' ');
            const std::string n = arg.substr(0, sp);
            const auto r = std::from_chars(n.data(), n.data() + n.size(), a.seconds);
            // (Written so that "nan" fails too.)
            if (r.ec != std::errc() || r.ptr != n.data() + n.size() ||
                !(a.seconds > 0 && a.seconds <= 600))
                return bad("err.script.number");
            a.arg = sp == std::string::npos ? std::string() : keluhan::text::trim(arg.substr(sp));
        } else if (verb == "bench") {
            a.kind = ScriptAction::Kind::Bench;
            // "bench 600" or "bench 600 wheel 3"
            std::string frames = arg, rest;
            if (const auto sp = arg.find(' '); sp != std::string::npos) {
                frames = arg.substr(0, sp);
                rest = keluhan::text::trim(arg.substr(sp + 1));
            }
            const auto r = std::from_chars(frames.data(), frames.data() + frames.size(), a.frames);
            if (r.ec != std::errc() || r.ptr != frames.data() + frames.size() || a.frames < 1 ||
                a.frames > 100000)
                return bad("err.script.number");
            if (!rest.empty()) {
                if (rest.rfind("wheel ", 0) != 0) return bad("err.script.argument");
                const std::string n = keluhan::text::trim(rest.substr(6));
                const auto w = std::from_chars(n.data(), n.data() + n.size(), a.wheel);
                if (w.ec != std::errc() || w.ptr != n.data() + n.size() || a.wheel == 0 ||
                    a.wheel < -1000 || a.wheel > 1000)
                    return bad("err.script.number");
            }
        } else if (verb == "wheel") {
            a.kind = ScriptAction::Kind::Wheel;
            const auto r = std::from_chars(arg.data(), arg.data() + arg.size(), a.wheel);
            if (r.ec != std::errc() || r.ptr != arg.data() + arg.size() || a.wheel == 0 ||
                a.wheel < -1000 || a.wheel > 1000)
                return bad("err.script.number");
        } else {
            return bad("err.script.verb");
        }
        if (a.arg.empty() && a.kind != ScriptAction::Kind::Wait &&
            a.kind != ScriptAction::Kind::Bench)
            return bad("err.script.argument");
        if (a.kind == ScriptAction::Kind::Shot &&
            a.arg.find_first_not_of(
                "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") !=
                std::string::npos)
            return bad("err.script.shot_name");
        out.push_back(std::move(a));
    }
    return out;
}

} // namespace keluhan::ui
