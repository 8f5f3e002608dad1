// cli.hpp — the operator's command line: serve, institution add, account add, audit verify.
#pragma once

namespace oqs::host {

// Returns the process exit code: 0 success, 1 failure (message on stderr), 2 bad usage.
int runCli(int argc, char** argv);

}  // namespace oqs::host
