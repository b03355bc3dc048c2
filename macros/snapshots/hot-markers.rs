#[hot]
fn classify(code: u16, items: &[u32]) -> u32 {
    if code == 0 {
        #[cold_path]
        return 0;
    }
    let valid = items.iter().filter(|&&item| {
        if item == u32::MAX {
            #[cold_path]
            return false;
        }
        true
    });
    #[cold_path]
    {
        log(code);
    }
    u32::try_from(valid.count()).unwrap_or(u32::MAX)
}
