// One background thread for slow work (saving, looking up, printing) with
// the results handed back to the UI thread. A job runs on the worker and
// returns the function to run on the UI thread; drain() runs those, and the
// worker wakes the event loop (SDL_PushEvent) when one is ready.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace keluhan::ui {

class Worker {
  public:
    using Completion = std::function<void()>;
    using Job = std::function<Completion()>;

    Worker();
    ~Worker(); // finishes the job in hand, drops the rest
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    void post(Job job);
    // Runs the completions that are ready; call on the UI thread.
    void drain();
    // Jobs queued or running, or completions not yet drained.
    [[nodiscard]] bool busy() const;

  private:
    void run();
    mutable std::mutex mu_;
    std::condition_variable cv_;
    std::deque<Job> jobs_;
    std::deque<Completion> done_;
    int running_ = 0;
    bool stop_ = false;
    std::thread thread_;
};

} // namespace keluhan::ui
