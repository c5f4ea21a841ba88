# The fuzz targets (tests/fuzz/<target>.cpp) and the harness libraries each one links. Shared by
# tests/fuzz/CMakeLists.txt (libFuzzer build, MEDTLS_FUZZ=ON, clang) and tests/CMakeLists.txt
# (replay of vectors/fuzz in the ordinary build).
set(MEDTLS_FUZZ_TARGETS
    fuzz_flight_parser
    fuzz_certificate
    fuzz_pdu_recorder
    fuzz_json_roundtrip
    fuzz_profile_loader
    fuzz_client_hello)
set(MEDTLS_FUZZ_LIBS_fuzz_flight_parser medtls_probe medtls_wire medtls_suites medtls_obs)
set(MEDTLS_FUZZ_LIBS_fuzz_certificate medtls_x509 medtls_obs)
set(MEDTLS_FUZZ_LIBS_fuzz_pdu_recorder medtls_dicom medtls_obs)
set(MEDTLS_FUZZ_LIBS_fuzz_json_roundtrip medtls_obs)
set(MEDTLS_FUZZ_LIBS_fuzz_profile_loader medtls_profile medtls_suites medtls_obs)
set(MEDTLS_FUZZ_LIBS_fuzz_client_hello medtls_listen medtls_wire medtls_obs)
