#include "keluhan/ui/worker.hpp"

#include "keluhan/ui/sdl.hpp"

namespace keluhan::ui {

Uint32 wake_event_type() {
    static const Uint32 type = SDL_RegisterEvents(1);
    return type;
}

void wake_ui() {
    SDL_Event e{};
    e.type = wake_event_type();
    SDL_PushEvent(&e);
}

Worker::Worker() : thread_([this] { run(); }) {}

Worker::~Worker() {
    {
        std::lock_guard lock(mu_);
        stop_ = true;
        jobs_.clear();
    }
    cv_.notify_all();
    thread_.join();
}

void Worker::post(Job job) {
    {
        std::lock_guard lock(mu_);
        jobs_.push_back(std::move(job));
    }
    cv_.notify_one();
}

void Worker::run() {
    for (;;) {
        Job job;
        {
            std::unique_lock lock(mu_);
            cv_.wait(lock, [&] { return stop_ || !jobs_.empty(); });
            if (stop_) return;
            job = std::move(jobs_.front());
            jobs_.pop_front();
            ++running_;
        }
        Completion done = job();
        {
            std::lock_guard lock(mu_);
            --running_;
            if (done) done_.push_back(std::move(done));
        }
        wake_ui();
    }
}

void Worker::drain() {
    std::deque<Completion> ready;
    {
        std::lock_guard lock(mu_);
        ready.swap(done_);
    }
    for (auto& c : ready)
        c();
}

bool Worker::busy() const {
    std::lock_guard lock(mu_);
    return running_ > 0 || !jobs_.empty() || !done_.empty();
}

} // namespace keluhan::ui
