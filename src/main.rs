fn main() -> std::process::ExitCode {
    optout::cli::main()
}
