//! Trả qua ngân hàng: a member's account as kept on their record, the commune's own accounts
//! for the Treasury list (BNK-3), and the layout of a bank's bulk-payment file, which each bank
//! sets for itself (BNK-1, BNK-6: no national layout exists, none is claimed).

use serde::{Deserialize, Serialize};

use crate::error::{FieldError, FieldErrorKind};

crate::faults! {
    /// Tài khoản, tệp ngân hàng: the refusals, each with its stable code and message.
    pub enum BankFault {
        InvalidAccount = "invalid_account" => "số tài khoản gồm từ 6 đến 20 chữ số (có thể viết cách, chấm hoặc gạch ngang giữa các nhóm số).",
        InvalidBudgetCode = "invalid_budget_code" => "mã đơn vị có quan hệ với ngân sách gồm đúng 7 chữ số.",
        NoColumns = "no_columns" => "mẫu tệp ngân hàng cần ít nhất một cột số tiền và một cột số tài khoản.",
        TooManyColumns = "too_many_columns" => "mẫu tệp ngân hàng có tối đa 12 cột.",
        InvalidDelimiter = "invalid_delimiter" => "dấu phân cách là dấu phẩy (,), chấm phẩy (;) hoặc tab.",
        NoLayout = "no_bank_layout" => "xã chưa khai báo mẫu tệp của ngân hàng này: khai báo các cột ngân hàng yêu cầu trước khi xuất tệp.",
        MissingAccounts = "missing_accounts" => "có thành viên chưa có số tài khoản ngân hàng trong hồ sơ.",
    }
}

crate::code_enum! {
    /// A column a bank's file may ask for.
    pub enum BankColumn (field = "columns") {
        Stt = "stt" => "STT",
        Name = "name" => "Họ và tên",
        NameAscii = "name_ascii" => "Họ và tên (không dấu, chữ in hoa)",
        Cccd = "cccd" => "Số CCCD",
        Account = "account" => "Số tài khoản",
        Bank = "bank" => "Ngân hàng",
        Branch = "branch" => "Chi nhánh",
        Amount = "amount" => "Số tiền",
        Content = "content" => "Nội dung",
        ContentAscii = "content_ascii" => "Nội dung (không dấu)",
    }
}

/// A member's account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BankAccount {
    /// Digits only, as stored.
    pub account_no: String,
    pub bank: String,
    pub branch: Option<String>,
}

/// The account number as digits: spaces, dots and dashes between groups are dropped.
pub fn account_number(field: &'static str, raw: &str) -> Result<String, FieldError> {
    let digits: String = raw
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-'))
        .collect();
    if (6..=20).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) {
        Ok(digits)
    } else {
        Err(FieldError::new(
            field,
            FieldErrorKind::from(BankFault::InvalidAccount),
        ))
    }
}

/// A bank's file layout, as the commune enters it from the bank's own template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BankLayout {
    pub bank: String,
    pub columns: Vec<BankColumn>,
    /// `,`, `;` or a tab.
    pub delimiter: char,
    /// A first row of column names.
    pub header: bool,
}

impl BankLayout {
    pub fn validate(&self) -> Result<(), FieldError> {
        if !self.columns.contains(&BankColumn::Amount)
            || !self.columns.contains(&BankColumn::Account)
        {
            return Err(FieldError::new(
                "columns",
                FieldErrorKind::from(BankFault::NoColumns),
            ));
        }
        if self.columns.len() > 12 {
            return Err(FieldError::new(
                "columns",
                FieldErrorKind::from(BankFault::TooManyColumns),
            ));
        }
        if !matches!(self.delimiter, ',' | ';' | '\t') {
            return Err(FieldError::new(
                "delimiter",
                FieldErrorKind::from(BankFault::InvalidDelimiter),
            ));
        }
        Ok(())
    }

    /// The layout of `bank` among a commune's (names compared without accents or case), or
    /// the only one when no bank is named.
    pub fn pick<'a>(layouts: &'a [BankLayout], bank: Option<&str>) -> Option<&'a BankLayout> {
        match bank {
            Some(b) => {
                let want = crate::text::fold(b);
                layouts.iter().find(|l| crate::text::fold(&l.bank) == want)
            }
            None if layouts.len() == 1 => layouts.first(),
            None => None,
        }
    }

    /// The columns from `stt, name, account, amount` (commas or spaces).
    pub fn parse_columns(raw: &str) -> Result<Vec<BankColumn>, FieldError> {
        raw.split([',', ' ', ';'])
            .filter(|s| !s.is_empty())
            .take(13)
            .map(BankColumn::parse)
            .collect()
    }
}

/// The commune's own accounts and codes, for the Treasury list and the insurance transfer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentDetails {
    /// Mã đơn vị có quan hệ với ngân sách (7 digits).
    pub budget_unit_code: Option<String>,
    /// The commune's account at the State Treasury.
    pub treasury_account: Option<String>,
    /// The Treasury that holds it ("Kho bạc Nhà nước khu vực …").
    pub treasury: Option<String>,
    /// The social insurance office's collection account (INS-10).
    pub insurance_account: Option<String>,
    pub insurance_bank: Option<String>,
}

impl PaymentDetails {
    /// Checks and normalises the codes; blank values are none.
    pub fn cleaned(&self) -> Result<PaymentDetails, FieldError> {
        let blank = |s: &Option<String>| {
            s.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let code = blank(&self.budget_unit_code);
        if let Some(c) = &code
            && !(c.len() == 7 && c.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(FieldError::new(
                "budget_unit_code",
                FieldErrorKind::from(BankFault::InvalidBudgetCode),
            ));
        }
        let account = |f: &'static str, s: &Option<String>| {
            blank(s).map(|a| account_number(f, &a)).transpose()
        };
        let text =
            |f: &'static str, s: &Option<String>| crate::text::optional(f, s.as_deref(), 200);
        Ok(PaymentDetails {
            budget_unit_code: code,
            treasury_account: account("treasury_account", &self.treasury_account)?,
            treasury: text("treasury", &self.treasury)?,
            insurance_account: account("insurance_account", &self.insurance_account)?,
            insurance_bank: text("insurance_bank", &self.insurance_bank)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_number_is_digits_however_it_is_grouped() {
        assert_eq!(
            account_number("a", "1903 6688 0012").unwrap(),
            "190366880012"
        );
        assert_eq!(
            account_number("a", "3761.0.1055555").unwrap(),
            "376101055555"
        );
        for bad in ["12345", "ABC123456", "", "123456789012345678901"] {
            assert!(account_number("a", bad).is_err(), "{bad}");
        }
    }

    /// BNK-6: a layout needs the account and the amount, a known delimiter, at most 12 columns.
    #[test]
    fn bnk_6_a_banks_layout_needs_the_account_and_the_amount() {
        let l = BankLayout {
            bank: "Agribank".into(),
            columns: BankLayout::parse_columns("stt, name_ascii, account, amount, content_ascii")
                .unwrap(),
            delimiter: ',',
            header: true,
        };
        assert!(l.validate().is_ok());
        let no_amount = BankLayout {
            columns: vec![BankColumn::Account],
            ..l.clone()
        };
        assert_eq!(no_amount.validate().unwrap_err().field, "columns");
        let pipe = BankLayout {
            delimiter: '|',
            ..l.clone()
        };
        assert_eq!(pipe.validate().unwrap_err().field, "delimiter");
        assert!(BankLayout::parse_columns("stt, iban").is_err());
        // A bank is found by its name however it is typed; none named, the only one.
        let two = [
            l.clone(),
            BankLayout {
                bank: "Ngân hàng Việt".into(),
                ..l.clone()
            },
        ];
        assert_eq!(
            BankLayout::pick(&two, Some("ngan hang viet")).unwrap().bank,
            "Ngân hàng Việt"
        );
        assert!(BankLayout::pick(&two, None).is_none());
        assert_eq!(BankLayout::pick(&two[..1], None).unwrap().bank, "Agribank");
    }
}
