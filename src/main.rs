fn main() {
    rds_panel::start_standalone();
}
