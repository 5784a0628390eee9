//! `#[derive(ToJson)]`: the writer of a struct or enum, read from the `#[serde(...)]`
//! attributes the type already carries, so the text is exactly what serde's derived
//! `Serialize` writes through serde_json.
//!
//! Understood: on the container `rename_all`, `tag = "..."` (internally tagged),
//! `untagged`, `transparent`; on variants `rename`, `rename_all`, `skip`,
//! `skip_serializing`; on fields `rename`, `skip`, `skip_serializing`,
//! `skip_serializing_if = "path"`, `flatten`. Attributes that only concern reading
//! (`default`, `deny_unknown_fields`, `deserialize_with`, `try_from`, …) are ignored; the
//! ones that change writing in a way not implemented here (`into`, `serialize_with`,
//! `content`, …) are a compile error rather than a silent difference.
//!
//! The generated code is plain: field names are quoted and escaped at compile time and
//! written with their separator in one piece (`,"name":`), each field's value through its
//! own `ToJson`. Named structs and internally tagged enums also get `ToJsonFields`, which
//! `#[serde(flatten)]` uses.

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as Tokens};
use quote::quote;
use syn::parse::ParseStream;
use syn::{parse_macro_input, Attribute, Data, DeriveInput, Fields, Ident, LitStr};

pub(crate) fn expand(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match derive(&input) {
        Ok(tokens) => tokens.into(),
        Err(error) => error.to_compile_error().into(),
    }
}

/// How names are rewritten by `rename_all`.
#[derive(Clone, Copy, PartialEq)]
enum RenameRule {
    None,
    Lower,
    Upper,
    Pascal,
    Camel,
    Snake,
    ScreamingSnake,
    Kebab,
    ScreamingKebab,
}

impl RenameRule {
    fn parse(text: &LitStr) -> syn::Result<RenameRule> {
        Ok(match text.value().as_str() {
            "lowercase" => RenameRule::Lower,
            "UPPERCASE" => RenameRule::Upper,
            "PascalCase" => RenameRule::Pascal,
            "camelCase" => RenameRule::Camel,
            "snake_case" => RenameRule::Snake,
            "SCREAMING_SNAKE_CASE" => RenameRule::ScreamingSnake,
            "kebab-case" => RenameRule::Kebab,
            "SCREAMING-KEBAB-CASE" => RenameRule::ScreamingKebab,
            _ => return Err(syn::Error::new(text.span(), "unknown rename_all rule")),
        })
    }

    /// A variant name (PascalCase in Rust) as serde renames it.
    fn variant(self, name: &str) -> String {
        match self {
            RenameRule::None | RenameRule::Pascal => name.to_owned(),
            RenameRule::Lower => name.to_ascii_lowercase(),
            RenameRule::Upper => name.to_ascii_uppercase(),
            RenameRule::Camel => {
                let mut chars = name.chars();
                chars.next().map(|c| c.to_ascii_lowercase().to_string() + chars.as_str()).unwrap_or_default()
            }
            RenameRule::Snake | RenameRule::ScreamingSnake | RenameRule::Kebab | RenameRule::ScreamingKebab => {
                let mut snake = String::new();
                for (index, ch) in name.char_indices() {
                    if index > 0 && ch.is_uppercase() {
                        snake.push('_');
                    }
                    snake.push(ch.to_ascii_lowercase());
                }
                match self {
                    RenameRule::ScreamingSnake => snake.to_ascii_uppercase(),
                    RenameRule::Kebab => snake.replace('_', "-"),
                    RenameRule::ScreamingKebab => snake.to_ascii_uppercase().replace('_', "-"),
                    _ => snake,
                }
            }
        }
    }

    /// A field name (snake_case in Rust) as serde renames it.
    fn field(self, name: &str) -> String {
        match self {
            RenameRule::None | RenameRule::Lower | RenameRule::Snake => name.to_owned(),
            RenameRule::Upper | RenameRule::ScreamingSnake => name.to_ascii_uppercase(),
            RenameRule::Pascal | RenameRule::Camel => {
                let mut pascal = String::new();
                let mut capitalize = true;
                for ch in name.chars() {
                    if ch == '_' {
                        capitalize = true;
                    } else if capitalize {
                        pascal.push(ch.to_ascii_uppercase());
                        capitalize = false;
                    } else {
                        pascal.push(ch);
                    }
                }
                if self == RenameRule::Camel {
                    let mut chars = pascal.chars();
                    chars.next().map(|c| c.to_ascii_lowercase().to_string() + chars.as_str()).unwrap_or_default()
                } else {
                    pascal
                }
            }
            RenameRule::Kebab => name.replace('_', "-"),
            RenameRule::ScreamingKebab => name.to_ascii_uppercase().replace('_', "-"),
        }
    }
}

/// What the container's attributes say.
struct Container {
    rename_all: RenameRule,
    tag: Option<String>,
    untagged: bool,
    transparent: bool,
}

/// What a field's or a variant's attributes say.
#[derive(Default)]
struct Member {
    rename: Option<String>,
    rename_all: Option<RenameRule>,
    skip: bool,
    skip_if: Option<syn::ExprPath>,
    flatten: bool,
}

/// Skips the value of an attribute this derive does not need (`= expr` or `(...)`).
fn skip_value(input: ParseStream) -> syn::Result<()> {
    if input.peek(syn::Token![=]) {
        input.parse::<syn::Token![=]>()?;
        input.parse::<syn::Expr>()?;
    } else if input.peek(syn::token::Paren) {
        let content;
        syn::parenthesized!(content in input);
        content.parse::<Tokens>()?;
    }
    Ok(())
}

/// Serde attributes that change how a value is written and are not implemented here.
const UNSUPPORTED: &[&str] = &["into", "serialize_with", "with", "content", "remote", "getter", "expecting", "variant_identifier", "field_identifier"];

fn serde_attrs(attrs: &[Attribute], mut each: impl FnMut(&syn::meta::ParseNestedMeta) -> syn::Result<bool>) -> syn::Result<()> {
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            if each(&meta)? {
                return Ok(());
            }
            if let Some(name) = UNSUPPORTED.iter().find(|name| meta.path.is_ident(name)) {
                return Err(meta.error(format!("#[derive(ToJson)] does not implement #[serde({name})]")));
            }
            skip_value(meta.input)
        })?;
    }
    Ok(())
}

fn string_value(meta: &syn::meta::ParseNestedMeta) -> syn::Result<LitStr> {
    meta.value()?.parse::<LitStr>()
}

fn container(attrs: &[Attribute]) -> syn::Result<Container> {
    let mut container = Container { rename_all: RenameRule::None, tag: None, untagged: false, transparent: false };
    serde_attrs(attrs, |meta| {
        if meta.path.is_ident("rename_all") {
            container.rename_all = RenameRule::parse(&string_value(meta)?)?;
        } else if meta.path.is_ident("tag") {
            container.tag = Some(string_value(meta)?.value());
        } else if meta.path.is_ident("untagged") {
            container.untagged = true;
        } else if meta.path.is_ident("transparent") {
            container.transparent = true;
        } else {
            return Ok(false);
        }
        Ok(true)
    })?;
    Ok(container)
}

fn member(attrs: &[Attribute]) -> syn::Result<Member> {
    let mut member = Member::default();
    serde_attrs(attrs, |meta| {
        if meta.path.is_ident("rename") {
            member.rename = Some(string_value(meta)?.value());
        } else if meta.path.is_ident("rename_all") {
            member.rename_all = Some(RenameRule::parse(&string_value(meta)?)?);
        } else if meta.path.is_ident("skip") || meta.path.is_ident("skip_serializing") {
            member.skip = true;
        } else if meta.path.is_ident("skip_serializing_if") {
            member.skip_if = Some(string_value(meta)?.parse()?);
        } else if meta.path.is_ident("flatten") {
            member.flatten = true;
        } else {
            return Ok(false);
        }
        Ok(true)
    })?;
    Ok(member)
}

/// `"name":` with the name escaped as serde_json escapes strings.
fn quoted_key(name: &str) -> String {
    let mut key = quoted(name);
    key.push(':');
    key
}

fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{08}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{0c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            ch if u32::from(ch) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(ch))),
            ch => out.push(ch),
        }
    }
    out.push('"');
    out
}

fn unraw(ident: &Ident) -> String {
    let name = ident.to_string();
    name.strip_prefix("r#").map(str::to_owned).unwrap_or(name)
}

/// One field to write: the expression reaching it (a reference) and how.
struct FieldPlan {
    access: Tokens,
    name: String,
    skip_if: Option<syn::ExprPath>,
    flatten: bool,
}

/// The fields of a named struct or struct variant, in declaration order, without the
/// skipped ones. `access` makes the expression of a field from its identifier.
fn plan_fields(fields: &syn::FieldsNamed, rule: RenameRule, access: impl Fn(&Ident) -> Tokens) -> syn::Result<Vec<FieldPlan>> {
    let mut plans = Vec::new();
    for field in &fields.named {
        let attrs = member(&field.attrs)?;
        let Some(ident) = &field.ident else { continue };
        if attrs.skip {
            continue;
        }
        let name = attrs.rename.unwrap_or_else(|| rule.field(&unraw(ident)));
        plans.push(FieldPlan { access: access(ident), name, skip_if: attrs.skip_if, flatten: attrs.flatten });
    }
    Ok(plans)
}

/// Statements writing the fields as members of an open object, with a `first` flag.
fn write_members(plans: &[FieldPlan]) -> Tokens {
    let writes = plans.iter().map(|plan| {
        let access = &plan.access;
        let write = if plan.flatten {
            quote! { crate::json::write::ToJsonFields::write_json_fields(#access, out, first); }
        } else {
            let key = quoted_key(&plan.name);
            quote! {
                out.field(first, #key);
                crate::json::write::ToJson::write_json(#access, out);
            }
        };
        match &plan.skip_if {
            Some(path) => quote! { if !#path(#access) { #write } },
            None => write,
        }
    });
    quote! { #(#writes)* }
}

/// Statements inserting the fields into `map`.
fn value_members(plans: &[FieldPlan]) -> Tokens {
    let inserts = plans.iter().map(|plan| {
        let access = &plan.access;
        let insert = if plan.flatten {
            quote! { crate::json::write::ToJsonFields::json_value_fields(#access, map); }
        } else {
            let name = &plan.name;
            quote! { map.insert(::std::string::String::from(#name), crate::json::write::ToJson::to_json_value(#access)); }
        };
        match &plan.skip_if {
            Some(path) => quote! { if !#path(#access) { #insert } },
            None => insert,
        }
    });
    quote! { #(#inserts)* }
}

/// The whole object: `{` + `prefix` members + fields + `}`. Without flatten or
/// `skip_serializing_if` every separator is known here, and each key is written with its
/// separator in one piece.
fn write_object(prefix: Option<&str>, plans: &[FieldPlan]) -> Tokens {
    if plans.iter().all(|plan| !plan.flatten && plan.skip_if.is_none()) {
        let mut pieces = Vec::new();
        let mut pending = String::from("{");
        let mut separate = false;
        if let Some(prefix) = prefix {
            pending.push_str(prefix);
            separate = true;
        }
        for plan in plans {
            if separate {
                pending.push(',');
            }
            separate = true;
            pending.push_str(&quoted_key(&plan.name));
            let access = &plan.access;
            pieces.push(quote! {
                out.raw(#pending);
                crate::json::write::ToJson::write_json(#access, out);
            });
            pending = String::new();
        }
        pending.push('}');
        return quote! { #(#pieces)* out.raw(#pending); };
    }
    let members = write_members(plans);
    let (start, first) = match prefix {
        Some(prefix) => (format!("{{{prefix}"), false),
        None => ("{".to_owned(), true),
    };
    quote! {
        out.raw(#start);
        let mut first = #first;
        let first = &mut first;
        #members
        out.byte(b'}');
    }
}

fn value_object(tag: Option<(&str, &str)>, plans: &[FieldPlan]) -> Tokens {
    let members = value_members(plans);
    let tag = tag.map(|(key, value)| quote! { map.insert(::std::string::String::from(#key), ::serde_json::Value::String(::std::string::String::from(#value))); });
    quote! {
        let mut map = ::serde_json::Map::new();
        {
            let map = &mut map;
            #tag
            #members
        }
        ::serde_json::Value::Object(map)
    }
}

/// The generated impls: `ToJson`, and `ToJsonFields` when the type is written as an object.
struct Generated {
    write: Tokens,
    value: Tokens,
    fields: Option<(Tokens, Tokens)>,
    key: Option<Tokens>,
}

fn derive(input: &DeriveInput) -> syn::Result<Tokens> {
    let container = container(&input.attrs)?;
    let generated = match &input.data {
        Data::Struct(data) => derive_struct(&container, &data.fields)?,
        Data::Enum(data) => derive_enum(&container, &input.ident, data)?,
        Data::Union(_) => return Err(syn::Error::new(Span::call_site(), "#[derive(ToJson)] does not support unions")),
    };
    let name = &input.ident;
    let mut generics = input.generics.clone();
    let type_params: Vec<Ident> = generics.type_params().map(|param| param.ident.clone()).collect();
    {
        let where_clause = generics.make_where_clause();
        for param in &type_params {
            where_clause.predicates.push(syn::parse_quote! { #param: crate::json::write::ToJson });
        }
    }
    let (impl_generics, type_generics, where_clause) = generics.split_for_impl();
    let Generated { write, value, fields, key } = generated;
    let key_impl = key.map(|key| {
        quote! {
            impl #impl_generics crate::json::write::ToJsonKey for #name #type_generics #where_clause {
                fn json_key(&self) -> &str {
                    #key
                }
            }
        }
    });
    let fields_impl = fields.map(|(write_fields, value_fields)| {
        quote! {
            impl #impl_generics crate::json::write::ToJsonFields for #name #type_generics #where_clause {
                fn write_json_fields(&self, out: &mut crate::json::write::JsonWriter, first: &mut bool) {
                    #write_fields
                }

                fn json_value_fields(&self, map: &mut ::serde_json::Map<::std::string::String, ::serde_json::Value>) {
                    #value_fields
                }
            }
        }
    });
    Ok(quote! {
        impl #impl_generics crate::json::write::ToJson for #name #type_generics #where_clause {
            fn write_json(&self, out: &mut crate::json::write::JsonWriter) {
                #write
            }

            fn to_json_value(&self) -> ::serde_json::Value {
                #value
            }
        }

        #fields_impl
        #key_impl
    })
}

fn derive_struct(container: &Container, fields: &Fields) -> syn::Result<Generated> {
    match fields {
        Fields::Named(named) => {
            let plans = plan_fields(named, container.rename_all, |ident| quote! { &self.#ident })?;
            if container.transparent {
                let [plan] = plans.as_slice() else {
                    return Err(syn::Error::new(Span::call_site(), "#[serde(transparent)] needs exactly one field"));
                };
                let access = &plan.access;
                return Ok(Generated {
                    write: quote! { crate::json::write::ToJson::write_json(#access, out); },
                    value: quote! { crate::json::write::ToJson::to_json_value(#access) },
                    fields: None,
                    key: None,
                });
            }
            let write = write_object(None, &plans);
            let value = value_object(None, &plans);
            let write_fields = write_members(&plans);
            let value_fields = value_members(&plans);
            Ok(Generated { write, value, fields: Some((write_fields, value_fields)), key: None })
        }
        Fields::Unnamed(unnamed) => {
            let mut indexes = Vec::new();
            for (index, field) in unnamed.unnamed.iter().enumerate() {
                if !member(&field.attrs)?.skip {
                    indexes.push(syn::Index::from(index));
                }
            }
            if let ([index], true) = (indexes.as_slice(), container.transparent || unnamed.unnamed.len() == 1) {
                return Ok(Generated {
                    write: quote! { crate::json::write::ToJson::write_json(&self.#index, out); },
                    value: quote! { crate::json::write::ToJson::to_json_value(&self.#index) },
                    fields: None,
                    key: None,
                });
            }
            let accesses: Vec<Tokens> = indexes.iter().map(|index| quote! { &self.#index }).collect();
            Ok(Generated { write: write_array(&accesses), value: value_array(&accesses), fields: None, key: None })
        }
        Fields::Unit => Ok(Generated { write: quote! { out.null(); }, value: quote! { ::serde_json::Value::Null }, fields: None, key: None }),
    }
}

fn write_array(accesses: &[Tokens]) -> Tokens {
    let elements = accesses.iter().enumerate().map(|(index, access)| {
        let separator = if index == 0 { quote! {} } else { quote! { out.byte(b','); } };
        quote! { #separator crate::json::write::ToJson::write_json(#access, out); }
    });
    quote! { out.byte(b'['); #(#elements)* out.byte(b']'); }
}

fn value_array(accesses: &[Tokens]) -> Tokens {
    quote! { ::serde_json::Value::Array(::std::vec![#(crate::json::write::ToJson::to_json_value(#accesses)),*]) }
}

/// One arm of each generated `match`.
struct Arms {
    write: Vec<Tokens>,
    value: Vec<Tokens>,
    write_fields: Vec<Tokens>,
    value_fields: Vec<Tokens>,
}

fn derive_enum(container: &Container, name: &Ident, data: &syn::DataEnum) -> syn::Result<Generated> {
    if container.transparent {
        return Err(syn::Error::new(Span::call_site(), "#[serde(transparent)] is for structs"));
    }
    let mut arms = Arms { write: Vec::new(), value: Vec::new(), write_fields: Vec::new(), value_fields: Vec::new() };
    for variant in &data.variants {
        let attrs = member(&variant.attrs)?;
        let ident = &variant.ident;
        if attrs.skip {
            // serde fails at run time on a skipped variant; this writer has no failure,
            // so such a variant is written as null.
            let pattern = match &variant.fields {
                Fields::Named(_) => quote! { #name::#ident { .. } },
                Fields::Unnamed(_) => quote! { #name::#ident(..) },
                Fields::Unit => quote! { #name::#ident },
            };
            arms.write.push(quote! { #pattern => out.null(), });
            arms.value.push(quote! { #pattern => ::serde_json::Value::Null, });
            arms.write_fields.push(quote! { #pattern => {} });
            arms.value_fields.push(quote! { #pattern => {} });
            continue;
        }
        let variant_name = attrs.rename.clone().unwrap_or_else(|| container.rename_all.variant(&unraw(ident)));
        let field_rule = attrs.rename_all.unwrap_or(RenameRule::None);
        if container.untagged {
            untagged_variant(name, ident, &variant.fields, field_rule, &mut arms)?;
        } else if let Some(tag) = &container.tag {
            tagged_variant(name, ident, &variant.fields, field_rule, tag, &variant_name, &mut arms)?;
        } else {
            external_variant(name, ident, &variant.fields, field_rule, &variant_name, &mut arms)?;
        }
    }
    let key = unit_keys(container, name, data)?;
    let Arms { write, value, write_fields, value_fields } = arms;
    let empty = data.variants.is_empty();
    let write = if empty { quote! { match *self {} } } else { quote! { match self { #(#write)* } } };
    let value = if empty { quote! { match *self {} } } else { quote! { match self { #(#value)* } } };
    let fields = (container.tag.is_some() && !container.untagged).then(|| {
        if empty {
            (quote! { match *self {} }, quote! { match *self {} })
        } else {
            (quote! { match self { #(#write_fields)* } }, quote! { match self { #(#value_fields)* } })
        }
    });
    Ok(Generated { write, value, fields, key })
}

/// For an externally tagged enum of unit variants only, `json_key`: such an enum can be
/// a map key, written as its name.
fn unit_keys(container: &Container, name: &Ident, data: &syn::DataEnum) -> syn::Result<Option<Tokens>> {
    if container.untagged || container.tag.is_some() || data.variants.is_empty() || data.variants.iter().any(|variant| !matches!(variant.fields, Fields::Unit)) {
        return Ok(None);
    }
    let mut arms = Vec::new();
    for variant in &data.variants {
        let attrs = member(&variant.attrs)?;
        let ident = &variant.ident;
        let text = attrs.rename.unwrap_or_else(|| container.rename_all.variant(&unraw(ident)));
        arms.push(quote! { #name::#ident => #text, });
    }
    Ok(Some(quote! { match self { #(#arms)* } }))
}

/// The binding names of a variant's fields, for its pattern.
fn named_pattern(name: &Ident, ident: &Ident, fields: &syn::FieldsNamed) -> Tokens {
    let bindings = fields.named.iter().filter_map(|field| field.ident.as_ref());
    quote! { #name::#ident { #(#bindings),* } }
}

fn tuple_bindings(fields: &syn::FieldsUnnamed) -> Vec<Ident> {
    (0..fields.unnamed.len()).map(|index| Ident::new(&format!("field{index}"), Span::call_site())).collect()
}

fn untagged_variant(name: &Ident, ident: &Ident, fields: &Fields, rule: RenameRule, arms: &mut Arms) -> syn::Result<()> {
    match fields {
        Fields::Unit => {
            arms.write.push(quote! { #name::#ident => out.null(), });
            arms.value.push(quote! { #name::#ident => ::serde_json::Value::Null, });
        }
        Fields::Named(named) => {
            let plans = plan_fields(named, rule, |field| quote! { #field })?;
            let pattern = named_pattern(name, ident, named);
            let write = write_object(None, &plans);
            let value = value_object(None, &plans);
            arms.write.push(quote! { #[allow(unused_variables)] #pattern => { #write } });
            arms.value.push(quote! { #[allow(unused_variables)] #pattern => { #value } });
        }
        Fields::Unnamed(unnamed) => {
            let bindings = tuple_bindings(unnamed);
            let (write, value) = tuple_content(&bindings);
            arms.write.push(quote! { #name::#ident(#(#bindings),*) => { #write } });
            arms.value.push(quote! { #name::#ident(#(#bindings),*) => { #value } });
        }
    }
    Ok(())
}

/// A newtype's content as itself, several fields as an array.
fn tuple_content(bindings: &[Ident]) -> (Tokens, Tokens) {
    if let [only] = bindings {
        (quote! { crate::json::write::ToJson::write_json(#only, out); }, quote! { crate::json::write::ToJson::to_json_value(#only) })
    } else {
        let accesses: Vec<Tokens> = bindings.iter().map(|binding| quote! { #binding }).collect();
        (write_array(&accesses), value_array(&accesses))
    }
}

fn external_variant(name: &Ident, ident: &Ident, fields: &Fields, rule: RenameRule, variant_name: &str, arms: &mut Arms) -> syn::Result<()> {
    match fields {
        Fields::Unit => {
            let text = quoted(variant_name);
            arms.write.push(quote! { #name::#ident => out.raw(#text), });
            arms.value.push(quote! { #name::#ident => ::serde_json::Value::String(::std::string::String::from(#variant_name)), });
        }
        Fields::Named(named) => {
            let plans = plan_fields(named, rule, |field| quote! { #field })?;
            let pattern = named_pattern(name, ident, named);
            let open = format!("{{{}", quoted_key(variant_name));
            let write = write_object(None, &plans);
            let value = value_object(None, &plans);
            arms.write.push(quote! { #[allow(unused_variables)] #pattern => { out.raw(#open); #write out.byte(b'}'); } });
            arms.value.push(quote! {
                #[allow(unused_variables)]
                #pattern => {
                    let inner = { #value };
                    let mut outer = ::serde_json::Map::new();
                    outer.insert(::std::string::String::from(#variant_name), inner);
                    ::serde_json::Value::Object(outer)
                }
            });
        }
        Fields::Unnamed(unnamed) => {
            let bindings = tuple_bindings(unnamed);
            let (write, value) = tuple_content(&bindings);
            let open = format!("{{{}", quoted_key(variant_name));
            arms.write.push(quote! { #name::#ident(#(#bindings),*) => { out.raw(#open); #write out.byte(b'}'); } });
            arms.value.push(quote! {
                #name::#ident(#(#bindings),*) => {
                    let inner = { #value };
                    let mut outer = ::serde_json::Map::new();
                    outer.insert(::std::string::String::from(#variant_name), inner);
                    ::serde_json::Value::Object(outer)
                }
            });
        }
    }
    Ok(())
}

fn tagged_variant(name: &Ident, ident: &Ident, fields: &Fields, rule: RenameRule, tag: &str, variant_name: &str, arms: &mut Arms) -> syn::Result<()> {
    let tag_member = format!("{}{}", quoted_key(tag), quoted(variant_name));
    let tag_field = quote! { out.field(first, #tag_member); };
    let tag_value = quote! { map.insert(::std::string::String::from(#tag), ::serde_json::Value::String(::std::string::String::from(#variant_name))); };
    match fields {
        Fields::Unit => {
            let whole = format!("{{{tag_member}}}");
            arms.write.push(quote! { #name::#ident => out.raw(#whole), });
            let value = value_object(Some((tag, variant_name)), &[]);
            arms.value.push(quote! { #name::#ident => { #value } });
            arms.write_fields.push(quote! { #name::#ident => { #tag_field } });
            arms.value_fields.push(quote! { #name::#ident => { #tag_value } });
        }
        Fields::Named(named) => {
            let plans = plan_fields(named, rule, |field| quote! { #field })?;
            let pattern = named_pattern(name, ident, named);
            let write = write_object(Some(&tag_member), &plans);
            let value = value_object(Some((tag, variant_name)), &plans);
            let write_fields = write_members(&plans);
            let value_fields = value_members(&plans);
            arms.write.push(quote! { #[allow(unused_variables)] #pattern => { #write } });
            arms.value.push(quote! { #[allow(unused_variables)] #pattern => { #value } });
            arms.write_fields.push(quote! { #[allow(unused_variables)] #pattern => { #tag_field #write_fields } });
            arms.value_fields.push(quote! { #[allow(unused_variables)] #pattern => { #tag_value #value_fields } });
        }
        Fields::Unnamed(unnamed) if unnamed.unnamed.len() == 1 => {
            // A newtype's content is flattened after the tag: it must be written as members.
            let start = format!("{{{tag_member}");
            arms.write.push(quote! {
                #name::#ident(inner) => {
                    out.raw(#start);
                    let mut first = false;
                    crate::json::write::ToJsonFields::write_json_fields(inner, out, &mut first);
                    out.byte(b'}');
                }
            });
            arms.value.push(quote! {
                #name::#ident(inner) => {
                    let mut map = ::serde_json::Map::new();
                    {
                        let map = &mut map;
                        #tag_value
                        crate::json::write::ToJsonFields::json_value_fields(inner, map);
                    }
                    ::serde_json::Value::Object(map)
                }
            });
            arms.write_fields.push(quote! { #name::#ident(inner) => { #tag_field crate::json::write::ToJsonFields::write_json_fields(inner, out, first); } });
            arms.value_fields.push(quote! { #name::#ident(inner) => { #tag_value crate::json::write::ToJsonFields::json_value_fields(inner, map); } });
        }
        Fields::Unnamed(_) => {
            return Err(syn::Error::new(ident.span(), "an internally tagged enum cannot hold a tuple variant"));
        }
    }
    Ok(())
}
