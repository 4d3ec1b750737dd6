#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace mensajero::testing {

// A real child process (the gateway, the simulator) with stdout and stderr sent to a log
// file. The destructor kills it if it still runs.
class ChildProcess {
 public:
  ChildProcess(std::vector<std::string> argv, const std::string& log_path);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  bool running();
  // Sends the signal and waits for the exit; returns the exit status (or 128 + signal).
  int stop(int signal, std::chrono::milliseconds timeout = std::chrono::seconds(30));
  std::string log() const;

 private:
  pid_t pid_ = -1;
  std::optional<int> exit_status_;
  std::string log_path_;
};

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs a command to completion (no shell). One still running after `timeout` (a command that
// should have exited, such as a `serve` that should have refused to start) is SIGKILLed: its
// exit_code is then 128 + 9 and `err` ends with a note saying so, so a test fails instead of
// hanging.
CommandResult runCommand(const std::vector<std::string>& argv,
                         std::chrono::milliseconds timeout = std::chrono::seconds(60));

// Polls the file until it holds a number (a ready file written atomically by the child),
// or the deadline passes (nullopt).
std::optional<int> waitForPortFile(const std::string& path, std::chrono::milliseconds timeout,
                                   ChildProcess* child = nullptr);

}  // namespace mensajero::testing
