// The test programs' main. Before any case runs it freezes the office's wall
// clock for this process and every program a case starts (they inherit the
// environment): KELUHAN_NOW, unless the run sets its own (scripts/test-dates.sh
// runs the suite at other instants), so no test reads the machine's date.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "support.hpp"

int main(int argc, char** argv) {
    keluhan::test::freeze_clock();
    return doctest::Context(argc, argv).run();
}
