#include "support/child_process.h"

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace mensajero::testing {
namespace {

std::vector<char*> argvPointers(std::vector<std::string>& argv) {
  std::vector<char*> pointers;
  for (auto& arg : argv) pointers.push_back(arg.data());
  pointers.push_back(nullptr);
  return pointers;
}

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

int decodeStatus(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

pid_t spawnWithOutput(std::vector<std::string> argv, const std::string& out_path,
                      const std::string& err_path) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0644);
  auto pointers = argvPointers(argv);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, pointers[0], &actions, nullptr, pointers.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + argv[0]);
  return pid;
}

}  // namespace

ChildProcess::ChildProcess(std::vector<std::string> argv, const std::string& log_path)
    : log_path_(log_path) {
  pid_ = spawnWithOutput(std::move(argv), log_path, log_path);
}

ChildProcess::~ChildProcess() {
  if (running()) stop(SIGKILL);
}

bool ChildProcess::running() {
  if (exit_status_) return false;
  int status = 0;
  const pid_t done = waitpid(pid_, &status, WNOHANG);
  if (done == pid_) {
    exit_status_ = decodeStatus(status);
    return false;
  }
  return true;
}

int ChildProcess::stop(int signal, std::chrono::milliseconds timeout) {
  if (!running()) return *exit_status_;
  kill(pid_, signal);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (!running()) return *exit_status_;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  exit_status_ = decodeStatus(status);
  return *exit_status_;
}

std::string ChildProcess::log() const { return readFile(log_path_); }

CommandResult runCommand(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) {
  char out_template[] = "/tmp/mensajero-cmd-out-XXXXXX";
  char err_template[] = "/tmp/mensajero-cmd-err-XXXXXX";
  close(mkstemp(out_template));
  close(mkstemp(err_template));
  const pid_t pid = spawnWithOutput(argv, out_template, err_template);
  int status = 0;
  bool killed = false;
  // No event tells the end of a child apart from waitpid itself; poll it against the deadline.
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() >= deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      killed = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CommandResult result{decodeStatus(status), readFile(out_template), readFile(err_template)};
  if (killed) result.err += "\n[runCommand: still running after the timeout; killed]";
  unlink(out_template);
  unlink(err_template);
  return result;
}

std::optional<int> waitForPortFile(const std::string& path, std::chrono::milliseconds timeout,
                                   ChildProcess* child) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string text = readFile(path);
    if (!text.empty()) {
      try {
        return std::stoi(text);
      } catch (const std::exception&) {
        // written atomically, so this is a foreign file; keep waiting for ours
      }
    }
    if (child != nullptr && !child->running()) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return std::nullopt;
}

}  // namespace mensajero::testing
