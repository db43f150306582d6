// The hub's HTTP server on its own (admin/hub/http_server.hpp), in-process,
// with a real client on loopback: what it sends back, and how it stops.
#include "http_server.hpp"

#include <doctest/doctest.h>

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <thread>

using keluhan::hub::http::Request;
using keluhan::hub::http::Response;
using keluhan::hub::http::Server;

namespace {

struct Served {
    Server server;
    Served() {
        server.Get("/split", [](const Request&, Response& r) {
            r.set_header("X-Note", "a\r\nSet-Cookie: stolen=1");
            r.set_header("Bad Name", "x");
            r.set_header("X-Fine", "yes");
            r.set_content("ok", "text/plain");
        });
        server.Delete("/thing", [](const Request&, Response& r) { r.status = 204; });
        server.Get(R"(/echo/([a-z]+))", [](const Request& q, Response& r) {
            r.set_content(q.matches[1] + "|" + q.get_param_value("q"), "text/plain");
        });
        server.Get("/slow", [](const Request&, Response& r) {
            std::this_thread::sleep_for(std::chrono::milliseconds(500));
            r.set_content("finished", "text/plain");
        });
        REQUIRE_FALSE(server.listen("127.0.0.1", 0).has_value());
        server.start(2);
    }
};

} // namespace

TEST_CASE("http server: a header that would split the answer is never sent, 204 has no length, "
          "HEAD has the GET's length and no body, a query is decoded") {
    Served s;
    httplib::Client c("127.0.0.1", s.server.port());
    auto split = c.Get("/split");
    REQUIRE(split);
    CHECK(split->status == 200);
    CHECK_FALSE(split->has_header("Set-Cookie"));
    CHECK_FALSE(split->has_header("X-Note"));
    CHECK_FALSE(split->has_header("Bad Name"));
    CHECK(split->get_header_value("X-Fine") == "yes");

    auto gone = c.Delete("/thing");
    REQUIRE(gone);
    CHECK(gone->status == 204);
    CHECK_FALSE(gone->has_header("Content-Length"));

    auto head = c.Head("/split");
    REQUIRE(head);
    CHECK(head->status == 200);
    CHECK(head->get_header_value("Content-Length") == "2");
    CHECK(head->body.empty());

    auto echo = c.Get("/echo/abc?q=dua%20kata%21");
    REQUIRE(echo);
    CHECK(echo->body == "abc|dua kata!");
    auto wrong = c.Post("/echo/abc", "", "text/plain");
    REQUIRE(wrong);
    CHECK(wrong->status == 405);
    CHECK(wrong->get_header_value("Allow") == "GET");
    CHECK(c.Get("/nowhere")->status == 404);
}

TEST_CASE("http server: stop() lets a request under way finish and its answer go out, then "
          "refuses new connections") {
    Served s;
    const int port = s.server.port();
    std::atomic<int> status{0};
    std::string body;
    std::thread client([&] {
        httplib::Client c("127.0.0.1", port);
        c.set_read_timeout(10);
        if (auto r = c.Get("/slow")) {
            body = r->body;
            status = r->status;
        } else {
            status = -1;
        }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(150)); // the handler is running
    s.server.stop();
    client.join();
    CHECK(status == 200);
    CHECK(body == "finished");
    httplib::Client after("127.0.0.1", port);
    after.set_connection_timeout(1);
    CHECK_FALSE(after.Get("/split"));
}
