# The hub and the sync wire format (issue 6): unit tests of sync.hpp and the
# store's sync tables, and the real `keluhan serve` over loopback HTTP.
keluhan_test(test_sync shared/test_sync.cpp)
