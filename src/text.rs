//! Printing for people. Every human line goes through [`promisc_app::printable`], so a name
//! that holds control characters (an interface called `\e[1A\e[2K`, a switch port's name from
//! a configuration) shows them escaped instead of moving the cursor or erasing a line. JSON is
//! printed as it is: serde already escapes control characters there.

/// `eprintln!` for people: control characters escaped.
macro_rules! say {
    ($($arg:tt)*) => {
        eprintln!("{}", promisc_app::printable(&format!($($arg)*)))
    };
}

/// `println!` for people: control characters escaped.
macro_rules! show {
    ($($arg:tt)*) => {
        println!("{}", promisc_app::printable(&format!($($arg)*)))
    };
}

/// `print!` of a text of several lines (its own line breaks), for people.
macro_rules! show_text {
    ($text:expr) => {
        print!("{}", promisc_app::printable(&$text))
    };
}

/// `eprint!` of a text of several lines, for people.
macro_rules! say_text {
    ($text:expr) => {
        eprint!("{}", promisc_app::printable(&$text))
    };
}
