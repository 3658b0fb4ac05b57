// `newsocr slurm submit|status`: a run spread over a Slurm cluster as one array job (task K
// runs shard K/N) and a merge job after it. Slurm does the queueing; the shared output
// folder holds the state, as in any run.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace newsocr {

struct SlurmSubmit {
    std::vector<std::string> inputs;
    std::filesystem::path out_dir;
    int shards = 4;
    std::vector<std::string> sbatch_options;  // passed to both sbatch calls ("--partition=x", "--time=1:00:00")
    std::string run_options;                  // added to every shard's newsocr command ("--formats json,alto")
    std::filesystem::path binary;             // the newsocr the tasks run
};

// Writes OUTDIR/.newsocr/inputs.txt, submits the array job and the merge job, prints their
// ids. Returns the exit code.
int slurm_submit(const SlurmSubmit& submit);

// Per shard: input files done, failed (with reasons) and pending, and the jobs' states when
// squeue knows them. Returns kExitOk when every input is done, kExitPartial when some
// failed, kExitPending when some are still to do.
int slurm_status(const std::filesystem::path& out_dir);

}  // namespace newsocr
