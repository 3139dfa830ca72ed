//! Amounts in words for printed contracts and quotes: 大写金额 (壹万贰仟伍佰元整) in Chinese,
//! "Twelve thousand five hundred yuan only" in English. Negative amounts have no words.

use crate::domain::money::Money;
use crate::domain::Locale;
use rust_decimal::prelude::ToPrimitive;

/// The amount in words in `lang`; `None` for a negative amount.
pub fn amount_in_words(amount: Money, lang: Locale) -> Option<String> {
    if amount.is_negative() {
        return None;
    }
    let cents = (amount.value() * rust_decimal::Decimal::ONE_HUNDRED).round().to_u128()?;
    let (units, jiao, fen) = (cents / 100, (cents / 10 % 10) as usize, (cents % 10) as usize);
    Some(match lang {
        Locale::Zh => chinese(units, jiao, fen),
        Locale::En => english(units, jiao * 10 + fen),
    })
}

const DIGITS: [&str; 10] = ["零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"];
const IN_GROUP: [&str; 4] = ["", "拾", "佰", "仟"];
const GROUPS: [&str; 5] = ["", "万", "亿", "万亿", "亿亿"];

/// One group of four digits (1–9999), without its group unit.
fn chinese_group(n: u128) -> String {
    let mut out = String::new();
    let mut zero = false;
    for pos in (0..4).rev() {
        let d = (n / 10u128.pow(pos as u32) % 10) as usize;
        if d == 0 {
            zero = !out.is_empty();
        } else {
            if zero {
                out.push_str(DIGITS[0]);
                zero = false;
            }
            out.push_str(DIGITS[d]);
            out.push_str(IN_GROUP[pos]);
        }
    }
    out
}

fn chinese(units: u128, jiao: usize, fen: usize) -> String {
    let mut out = String::new();
    if units > 0 {
        let mut groups = Vec::new();
        let mut n = units;
        while n > 0 {
            groups.push(n % 10_000);
            n /= 10_000;
        }
        // A zero between two non-zero parts is read once: 壹佰万零壹元.
        let mut pending_zero = false;
        for (i, g) in groups.iter().enumerate().rev() {
            if *g == 0 {
                pending_zero = !out.is_empty();
                continue;
            }
            if !out.is_empty() && (pending_zero || *g < 1000) {
                out.push_str(DIGITS[0]);
            }
            pending_zero = false;
            out.push_str(&chinese_group(*g));
            out.push_str(GROUPS.get(i).copied().unwrap_or("?"));
        }
        out.push('元');
    }
    match (jiao, fen) {
        (0, 0) if units == 0 => "零元整".to_string(),
        (0, 0) => out + "整",
        (j, 0) => format!("{out}{}角整", DIGITS[j]),
        (0, f) if units > 0 => format!("{out}零{}分", DIGITS[f]),
        (0, f) => format!("{}分", DIGITS[f]),
        (j, f) => format!("{out}{}角{}分", DIGITS[j], DIGITS[f]),
    }
}

const ONES: [&str; 20] = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
    "sixteen", "seventeen", "eighteen", "nineteen",
];
const TENS: [&str; 10] = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
const SCALES: [&str; 7] = ["", "thousand", "million", "billion", "trillion", "quadrillion", "quintillion"];

/// 1–999 in words.
fn english_hundreds(n: u128) -> String {
    let (h, rest) = (n / 100, n % 100);
    let mut parts = Vec::new();
    if h > 0 {
        parts.push(format!("{} hundred", ONES[h as usize]));
    }
    if rest >= 20 {
        let t = TENS[(rest / 10) as usize];
        parts.push(if rest % 10 == 0 { t.to_string() } else { format!("{t}-{}", ONES[(rest % 10) as usize]) });
    } else if rest > 0 {
        parts.push(ONES[rest as usize].to_string());
    }
    parts.join(" ")
}

fn english_number(n: u128) -> String {
    if n == 0 {
        return ONES[0].to_string();
    }
    let mut groups = Vec::new();
    let mut m = n;
    while m > 0 {
        groups.push(m % 1000);
        m /= 1000;
    }
    groups
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, g)| **g > 0)
        .map(|(i, g)| {
            let scale = SCALES.get(i).copied().unwrap_or("?");
            if scale.is_empty() { english_hundreds(*g) } else { format!("{} {scale}", english_hundreds(*g)) }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn english(units: u128, cents: usize) -> String {
    let yuan = format!("{} yuan", english_number(units));
    let text = match cents {
        0 => format!("{yuan} only"),
        c if units == 0 => format!("{} fen", english_number(c as u128)),
        c => format!("{yuan} and {} fen", english_number(c as u128)),
    };
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().collect::<String>() + chars.as_str()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zh(s: &str) -> String {
        amount_in_words(Money::parse(s).unwrap(), Locale::Zh).unwrap()
    }
    fn en(s: &str) -> String {
        amount_in_words(Money::parse(s).unwrap(), Locale::En).unwrap()
    }

    #[test]
    fn chinese_capital_amounts() {
        assert_eq!(zh("0"), "零元整");
        assert_eq!(zh("10"), "壹拾元整");
        assert_eq!(zh("12500"), "壹万贰仟伍佰元整");
        assert_eq!(zh("100000"), "壹拾万元整");
        assert_eq!(zh("1000001.05"), "壹佰万零壹元零伍分");
        assert_eq!(zh("1010"), "壹仟零壹拾元整");
        assert_eq!(zh("100010"), "壹拾万零壹拾元整");
        assert_eq!(zh("105000"), "壹拾万伍仟元整");
        assert_eq!(zh("100000000"), "壹亿元整");
        assert_eq!(zh("300020000.5"), "叁亿零贰万元伍角整");
        assert_eq!(zh("0.05"), "伍分");
        assert_eq!(zh("0.5"), "伍角整");
        assert_eq!(zh("3.45"), "叁元肆角伍分");
    }

    #[test]
    fn english_amounts() {
        assert_eq!(en("0"), "Zero yuan only");
        assert_eq!(en("10"), "Ten yuan only");
        assert_eq!(en("12500"), "Twelve thousand five hundred yuan only");
        assert_eq!(en("100000"), "One hundred thousand yuan only");
        assert_eq!(en("1000001.05"), "One million one yuan and five fen");
        assert_eq!(en("21.99"), "Twenty-one yuan and ninety-nine fen");
        assert_eq!(en("0.3"), "Thirty fen");
    }

    #[test]
    fn negative_amounts_have_no_words() {
        assert_eq!(amount_in_words(Money::from_int(-1), Locale::Zh), None);
        assert_eq!(amount_in_words(Money::from_cents(-5), Locale::En), None);
    }
}
