#include "cli/cli.hpp"

int main(int argc, char** argv) { return oqs::host::runCli(argc, argv); }
