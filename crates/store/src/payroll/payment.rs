//! Tài khoản nhận tiền (use cases): members' bank accounts on their record, the commune's own
//! accounts and budget code, and the layouts of its banks' bulk-payment files (BNK-3, BNK-6).

use std::collections::HashMap;

use antt_domain::access::Action;
use antt_domain::kernel::ids::PersonId;
use antt_domain::payroll::bank::{BankAccount, BankLayout, PaymentDetails, account_number};
use antt_domain::unit::UnitId;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::audit::{self, Change};
use crate::audit_action::AuditAction;
use crate::entities::{bank_account, bank_layout, commune_payment, person};
use crate::units::Outcome;
use crate::{Actor, Store, StoreError};

/// An approved payroll and what paying it needs.
#[derive(Debug, Clone)]
pub struct PayeesView {
    pub payroll: super::PayrollView,
    pub accounts: HashMap<PersonId, BankAccount>,
    pub details: PaymentDetails,
    pub layouts: Vec<BankLayout>,
}

fn account_of(r: bank_account::Model) -> BankAccount {
    BankAccount {
        account_no: r.account_no,
        bank: r.bank,
        branch: r.branch,
    }
}

fn layout_of(r: bank_layout::Model) -> Result<BankLayout, StoreError> {
    Ok(BankLayout {
        columns: BankLayout::parse_columns(&r.columns)
            .map_err(|e| StoreError::corrupt("bank_layout.columns", e.message_vi()))?,
        delimiter: r
            .delimiter
            .chars()
            .next()
            .ok_or(StoreError::corrupt("bank_layout.delimiter", ""))?,
        header: r.header,
        bank: r.bank,
    })
}

fn details_of(r: Option<commune_payment::Model>) -> PaymentDetails {
    r.map(|r| PaymentDetails {
        budget_unit_code: r.budget_unit_code,
        treasury_account: r.treasury_account,
        treasury: r.treasury,
        insurance_account: r.insurance_account,
        insurance_bank: r.insurance_bank,
    })
    .unwrap_or_default()
}

impl Store {
    /// A member's account, if the commune has it.
    pub async fn bank_account(
        &self,
        actor: &Actor,
        person: PersonId,
    ) -> Result<Option<BankAccount>, StoreError> {
        actor.require(Action::ViewPayroll)?;
        person::Entity::find_by_id(person.0)
            .filter(actor.scope().condition(person::Column::CommuneId))
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(bank_account::Entity::find_by_id(person.0)
            .one(&self.db)
            .await?
            .map(account_of))
    }

    /// Enters, corrects or (with `None`) removes a member's account.
    pub async fn set_bank_account(
        &self,
        actor: &Actor,
        person: PersonId,
        account: Option<&BankAccount>,
    ) -> Result<Outcome, StoreError> {
        let granted = actor.granted(Action::ManagePaymentDetails)?;
        let next = account
            .map(|a| {
                Ok::<_, StoreError>(BankAccount {
                    account_no: account_number("account_no", &a.account_no)?,
                    bank: antt_domain::text::required("bank", &a.bank, 100)?,
                    branch: antt_domain::text::optional("branch", a.branch.as_deref(), 100)?,
                })
            })
            .transpose()?;
        write_txn!(self, granted, |txn, actor| {
            let p = person::Entity::find_by_id(person.0)
                .filter(actor.scope().condition(person::Column::CommuneId))
                .one(&**txn)
                .await?
                .ok_or(StoreError::NotFound)?;
            let old = bank_account::Entity::find_by_id(p.id)
                .one(&**txn)
                .await?
                .map(account_of);
            if old == next {
                return Ok(Outcome::Unchanged);
            }
            bank_account::Entity::delete_by_id(p.id)
                .exec(&**txn)
                .await?;
            if let Some(a) = &next {
                bank_account::Entity::insert(bank_account::ActiveModel {
                    person_id: Set(p.id),
                    account_no: Set(a.account_no.clone()),
                    bank: Set(a.bank.clone()),
                    branch: Set(a.branch.clone()),
                    updated_at: Set(self.clock.now()),
                })
                .exec_without_returning(&**txn)
                .await?;
            }
            // The number itself is not written to the audit log: its last digits are enough.
            let shown = |a: &Option<BankAccount>| {
                a.as_ref().map(|a| {
                    serde_json::json!({
                        "account": format!("…{}", &a.account_no[a.account_no.len().saturating_sub(4)..]),
                        "bank": a.bank,
                    })
                })
            };
            let mut after = shown(&next).unwrap_or(serde_json::json!({"removed": true}));
            if let Some(o) = after.as_object_mut() {
                o.insert("name".into(), p.full_name.clone().into());
            }
            audit::append(
                &**txn,
                actor,
                self.clock.now(),
                Change {
                    action: AuditAction::BankAccountSet,
                    entity: "person",
                    entity_id: p.id.to_string(),
                    unit: Some(UnitId(p.commune_id)),
                    before: shown(&old).as_ref(),
                    after: Some(&after),
                },
            )
            .await?;
            Ok(Outcome::Changed)
        })
    }

    /// An approved payroll with what paying it through the Treasury or a bank needs: the
    /// members' accounts, the commune's accounts and codes, its banks' layouts. A draft or a
    /// checked payroll is not paid: refused.
    pub async fn payroll_payees(
        &self,
        actor: &Actor,
        commune: UnitId,
        month: antt_domain::payroll::Month,
    ) -> Result<PayeesView, StoreError> {
        let payroll = self.payroll(actor, commune, month).await?;
        if !payroll.state.locked() {
            return Err(antt_domain::FieldError::new(
                "month",
                antt_domain::FieldErrorKind::from(antt_domain::payroll::PayrollFault::NotApproved),
            )
            .into());
        }
        let people: Vec<Uuid> = payroll.body.lines.iter().map(|l| l.person.0).collect();
        let c = self.commune_in_scope(&self.db, actor, commune).await?;
        let mine: Vec<Uuid> = person::Entity::find()
            .filter(person::Column::CommuneId.eq(c.id))
            .filter(person::Column::Id.is_in(people))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|p| p.id)
            .collect();
        let accounts = self.accounts_of(&mine).await?;
        let (details, layouts) = self.payment_details(actor, commune).await?;
        Ok(PayeesView {
            payroll,
            accounts,
            details,
            layouts,
        })
    }

    /// The accounts of some members of a commune, by person.
    pub(crate) async fn accounts_of(
        &self,
        people: &[Uuid],
    ) -> Result<HashMap<PersonId, BankAccount>, StoreError> {
        let mut out = HashMap::new();
        for chunk in people.chunks(crate::units::IN_CHUNK) {
            for r in bank_account::Entity::find()
                .filter(bank_account::Column::PersonId.is_in(chunk.iter().copied()))
                .all(&self.db)
                .await?
            {
                out.insert(PersonId(r.person_id), account_of(r));
            }
        }
        Ok(out)
    }

    /// The commune's accounts and codes, and its banks' layouts.
    pub async fn payment_details(
        &self,
        actor: &Actor,
        commune: UnitId,
    ) -> Result<(PaymentDetails, Vec<BankLayout>), StoreError> {
        actor.require(Action::ViewPayroll)?;
        let c = self.commune_in_scope(&self.db, actor, commune).await?;
        let details = details_of(
            commune_payment::Entity::find_by_id(c.id)
                .one(&self.db)
                .await?,
        );
        let layouts = bank_layout::Entity::find()
            .filter(bank_layout::Column::CommuneId.eq(c.id))
            .order_by_asc(bank_layout::Column::Bank)
            .all(&self.db)
            .await?
            .into_iter()
            .map(layout_of)
            .collect::<Result<Vec<_>, _>>()?;
        Ok((details, layouts))
    }

    /// Enters the commune's accounts and codes.
    pub async fn set_payment_details(
        &self,
        actor: &Actor,
        commune: UnitId,
        details: &PaymentDetails,
    ) -> Result<Outcome, StoreError> {
        let granted = actor.granted(Action::ManagePaymentDetails)?;
        let next = details.cleaned()?;
        write_txn!(self, granted, |txn, actor| {
            let c = self.commune_in_scope(&**txn, actor, commune).await?;
            let old = commune_payment::Entity::find_by_id(c.id)
                .one(&**txn)
                .await?;
            let exists = old.is_some();
            if details_of(old) == next {
                return Ok(Outcome::Unchanged);
            }
            let row = commune_payment::ActiveModel {
                unit_id: Set(c.id),
                budget_unit_code: Set(next.budget_unit_code.clone()),
                treasury_account: Set(next.treasury_account.clone()),
                treasury: Set(next.treasury.clone()),
                insurance_account: Set(next.insurance_account.clone()),
                insurance_bank: Set(next.insurance_bank.clone()),
                updated_at: Set(self.clock.now()),
            };
            if exists {
                commune_payment::Entity::update(row).exec(&**txn).await?;
            } else {
                commune_payment::Entity::insert(row)
                    .exec_without_returning(&**txn)
                    .await?;
            }
            let after = serde_json::json!({
                "what": "payment_details",
                "budget_unit_code": next.budget_unit_code,
                "treasury": next.treasury,
                "insurance_bank": next.insurance_bank,
            });
            self.audit_payment(txn, actor, c.id, &after).await?;
            Ok(Outcome::Changed)
        })
    }

    /// Enters or replaces the layout of one bank's file.
    pub async fn set_bank_layout(
        &self,
        actor: &Actor,
        commune: UnitId,
        layout: &BankLayout,
    ) -> Result<Outcome, StoreError> {
        let granted = actor.granted(Action::ManagePaymentDetails)?;
        let bank = antt_domain::text::required("bank", &layout.bank, 100)?;
        let next = BankLayout {
            bank: bank.clone(),
            ..layout.clone()
        };
        next.validate()?;
        write_txn!(self, granted, |txn, actor| {
            let c = self.commune_in_scope(&**txn, actor, commune).await?;
            let old = bank_layout::Entity::find()
                .filter(bank_layout::Column::CommuneId.eq(c.id))
                .filter(bank_layout::Column::Bank.eq(bank.clone()))
                .one(&**txn)
                .await?;
            if let Some(o) = &old
                && layout_of(o.clone())? == next
            {
                return Ok(Outcome::Unchanged);
            }
            let columns: Vec<&str> = next.columns.iter().map(|c| c.as_str()).collect();
            let row = bank_layout::ActiveModel {
                id: Set(old.as_ref().map_or_else(Uuid::now_v7, |o| o.id)),
                commune_id: Set(c.id),
                bank: Set(bank.clone()),
                columns: Set(columns.join(",")),
                delimiter: Set(next.delimiter.to_string()),
                header: Set(next.header),
                updated_at: Set(self.clock.now()),
            };
            if old.is_some() {
                bank_layout::Entity::update(row).exec(&**txn).await?;
            } else {
                bank_layout::Entity::insert(row)
                    .exec_without_returning(&**txn)
                    .await?;
            }
            let after = serde_json::json!({
                "what": "bank_layout",
                "bank": bank,
                "columns": columns,
            });
            self.audit_payment(txn, actor, c.id, &after).await?;
            Ok(Outcome::Changed)
        })
    }

    async fn audit_payment(
        &self,
        txn: &crate::WriteTxn,
        actor: &Actor,
        commune: Uuid,
        after: &serde_json::Value,
    ) -> Result<(), StoreError> {
        audit::append(
            &**txn,
            actor,
            self.clock.now(),
            Change {
                action: AuditAction::PaymentDetailsSet,
                entity: "commune_payment",
                entity_id: commune.to_string(),
                unit: Some(UnitId(commune)),
                before: None,
                after: Some(after),
            },
        )
        .await?;
        Ok(())
    }
}
