#include "slurm.hpp"

#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "newsocr/atomic_file.hpp"
#include "newsocr/run.hpp"

namespace newsocr {

namespace fs = std::filesystem;

namespace {

std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// Runs a command, returning its standard output; throws with the output when it fails.
std::string run_command(const std::string& command) {
    FILE* pipe = popen((command + " 2>&1").c_str(), "r");
    if (!pipe) throw std::runtime_error("cannot run " + command);
    std::string out;
    char buf[4096];
    while (size_t n = fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
    const int status = pclose(pipe);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) throw std::runtime_error(command + " failed: " + out);
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    return out;
}

fs::path state_dir(const fs::path& out_dir) { return out_dir / ".newsocr"; }
fs::path input_list(const fs::path& out_dir) { return state_dir(out_dir) / "inputs.txt"; }
fs::path jobs_file(const fs::path& out_dir) { return state_dir(out_dir) / "slurm.json"; }

std::string sbatch(const std::vector<std::string>& options, const std::string& wrapped) {
    std::string command = "sbatch --parsable";
    for (const auto& o : options) command += " " + shell_quote(o);
    command += " --wrap " + shell_quote(wrapped);
    const std::string out = run_command(command);
    return out.substr(0, out.find(';'));  // "<id>" or "<id>;<cluster>"
}

}  // namespace

int slurm_submit(const SlurmSubmit& s) {
    try {
        fs::create_directories(state_dir(s.out_dir));
        const fs::path out = fs::absolute(s.out_dir);
        std::string list;
        for (const auto& input : s.inputs) list += fs::absolute(input).lexically_normal().string() + "\n";
        write_file_atomic(input_list(out), list);

        // Each task names its node in its log, then runs its shard with the CPUs it was given.
        const std::string task = fmt::format(
            "echo \"newsocr shard $SLURM_ARRAY_TASK_ID/{0} on node $SLURMD_NODENAME\"; "
            "exec {1} --input-list {2} -o {3} --shard \"$SLURM_ARRAY_TASK_ID/{0}\" -j \"${{SLURM_CPUS_PER_TASK:-1}}\" -q {4}",
            s.shards, shell_quote(fs::absolute(s.binary).string()), shell_quote(input_list(out).string()), shell_quote(out.string()),
            s.run_options);
        std::vector<std::string> array_options = s.sbatch_options;
        array_options.insert(array_options.end(), {fmt::format("--array=1-{}", s.shards), "--job-name=newsocr",
                                                   "--output=" + (state_dir(out) / "slurm-%A_%a.log").string()});
        const std::string array_job = sbatch(array_options, task);

        // The merge runs after every task, whatever their exit: a shard with a bad page exits
        // 3, and the report must still be written.
        std::vector<std::string> merge_options = s.sbatch_options;
        merge_options.insert(merge_options.end(), {"--dependency=afterany:" + array_job, "--job-name=newsocr-merge",
                                                   "--output=" + (state_dir(out) / "slurm-merge-%j.log").string()});
        const std::string merge_job =
            sbatch(merge_options, "exec " + shell_quote(fs::absolute(s.binary).string()) + " -q merge " + shell_quote(out.string()));

        write_file_atomic(jobs_file(out),
                          nlohmann::json{{"array_job", array_job}, {"merge_job", merge_job}, {"shards", s.shards}}.dump(1) + "\n");
        std::cout << fmt::format("array job {} ({} shards), merge job {}\n", array_job, s.shards, merge_job);
        return kExitOk;
    } catch (const std::exception& e) {
        std::cerr << "slurm submit: " << e.what() << "\n";
        return kExitCannotStart;
    }
}

int slurm_status(const fs::path& out_dir) {
    nlohmann::json jobs;
    std::vector<fs::path> inputs;
    try {
        jobs = nlohmann::json::parse(std::ifstream(jobs_file(out_dir)));
        std::ifstream list(input_list(out_dir));
        for (std::string line; std::getline(list, line);)
            if (!line.empty()) inputs.emplace_back(line);
    } catch (const std::exception& e) {
        std::cerr << out_dir.string() << ": no submitted run here (" << jobs_file(out_dir).string() << " missing or unreadable)\n";
        return kExitCannotStart;
    }
    const int shards = jobs.value("shards", 1);
    int done = 0, failed = 0, pending = 0;
    for (const auto& p : shard_progress(inputs, out_dir, shards)) {
        std::cout << fmt::format("shard {}/{}: {} done, {} failed, {} pending\n", p.shard.index, p.shard.count, p.done, p.failed, p.pending);
        for (const auto& f : p.failures) std::cout << "  failed: " << f << "\n";
        done += p.done, failed += p.failed, pending += p.pending;
    }
    std::cout << fmt::format("total: {} done, {} failed, {} pending; report {}\n", done, failed, pending,
                             fs::exists(out_dir / "report.html") ? (out_dir / "report.html").string() : "not written yet");
    // The queue's view, when this machine can see it.
    try {
        const std::string queue = run_command("squeue -h -o '%i %j %T %R' -j " + jobs["array_job"].get<std::string>() + "," +
                                              jobs["merge_job"].get<std::string>());
        if (!queue.empty()) std::cout << "in the queue:\n" << queue << "\n";
    } catch (const std::exception&) {
        // squeue missing or the jobs long gone: the records above are the state.
    }
    return failed > 0 ? kExitPartial : pending > 0 ? kExitPending : kExitOk;
}

}  // namespace newsocr
