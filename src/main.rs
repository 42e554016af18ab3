#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    rapport::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Rapport runs in the browser: build it with `trunk build --release`.");
}
