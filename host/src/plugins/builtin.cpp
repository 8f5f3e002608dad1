// The plugins linked into oqs-host. They go through the same admission as a vendor's file (manifest checked,
// migrations, init), loaded first so that no plugin from the folder can take their ids.
#include "host.hpp"

extern "C" const oqs_plugin_descriptor* oqs_plugin_entry_console(void);  // host/builtin/console.cpp

namespace oqs::host {

void Host::addBuiltinPlugins() { admit(oqs_plugin_entry_console(), "builtin:console", nullptr); }

}  // namespace oqs::host
