//! `#[derive(FromJson)]`: a reader of plain code over `crate::json::Reader`.
//!
//! A struct becomes one `Option` slot per field filled by a `match` on the keys that
//! `Reader::object` hands over, then the fields' defaults or `missing_field`. A unit enum
//! becomes a `match` on a string; an internally tagged enum (`tag = "kind"`) finds its
//! tag first, then reads the variant's fields the same way. `try_from = "T"` reads `T` and
//! converts it; `transparent` and one-field tuple structs read their field.
//!
//! The `#[serde(...)]` attributes decide the wire format; `#[json(read_with = "f")]`
//! stands for `deserialize_with` (`f(reader)` reads the field), and
//! `#[json(expected = "...")]` says in a type-error message what the value should be.

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as Tokens};
use quote::quote;
use syn::{parse_macro_input, Attribute, Data, DeriveInput, Fields, Ident, LitStr};

pub(crate) fn expand(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match derive(&input) {
        Ok(tokens) => tokens.into(),
        Err(error) => error.to_compile_error().into(),
    }
}

/// What the container's attributes say.
#[derive(Default)]
struct Container {
    deny_unknown_fields: bool,
    snake_case: bool,
    default: bool,
    transparent: bool,
    tag: Option<String>,
    try_from: Option<syn::Type>,
    expected: Option<String>,
}

/// What a field's or a variant's attributes say.
#[derive(Default)]
struct Member {
    rename: Option<String>,
    /// `Some(None)`: `Default::default()`; `Some(Some(path))`: a function.
    default: Option<Option<syn::ExprPath>>,
    read_with: Option<syn::ExprPath>,
    deserialize_with: bool,
    flatten: bool,
}

fn container(attrs: &[Attribute]) -> syn::Result<Container> {
    let mut out = Container::default();
    for attr in attrs {
        if attr.path().is_ident("serde") {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("deny_unknown_fields") {
                    out.deny_unknown_fields = true;
                } else if meta.path.is_ident("rename_all") {
                    let value: LitStr = meta.value()?.parse()?;
                    if value.value() != "snake_case" {
                        return Err(meta.error("FromJson: only rename_all = \"snake_case\" is supported"));
                    }
                    out.snake_case = true;
                } else if meta.path.is_ident("default") {
                    out.default = true;
                } else if meta.path.is_ident("transparent") {
                    out.transparent = true;
                } else if meta.path.is_ident("tag") {
                    let value: LitStr = meta.value()?.parse()?;
                    out.tag = Some(value.value());
                } else if meta.path.is_ident("try_from") {
                    let value: LitStr = meta.value()?.parse()?;
                    out.try_from = Some(value.parse()?);
                } else if meta.path.is_ident("untagged") {
                    return Err(meta.error("FromJson: untagged enums are not supported"));
                } else if meta.input.peek(syn::Token![=]) {
                    // Attributes for serde's serialiser only (`into`, `bound`…).
                    let _: syn::Expr = meta.value()?.parse()?;
                }
                Ok(())
            })?;
        } else if attr.path().is_ident("json") {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("expected") {
                    let value: LitStr = meta.value()?.parse()?;
                    out.expected = Some(value.value());
                    Ok(())
                } else {
                    Err(meta.error("FromJson: unknown json attribute"))
                }
            })?;
        }
    }
    Ok(out)
}

fn member(attrs: &[Attribute]) -> syn::Result<Member> {
    let mut out = Member::default();
    for attr in attrs {
        if attr.path().is_ident("serde") {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename") {
                    let value: LitStr = meta.value()?.parse()?;
                    out.rename = Some(value.value());
                } else if meta.path.is_ident("default") {
                    if meta.input.peek(syn::Token![=]) {
                        let value: LitStr = meta.value()?.parse()?;
                        out.default = Some(Some(value.parse()?));
                    } else {
                        out.default = Some(None);
                    }
                } else if meta.path.is_ident("deserialize_with") || meta.path.is_ident("with") {
                    let _: LitStr = meta.value()?.parse()?;
                    out.deserialize_with = true;
                } else if meta.path.is_ident("flatten") {
                    out.flatten = true;
                } else if meta.input.peek(syn::Token![=]) {
                    // `skip_serializing_if` and the like: the writer's business.
                    let _: syn::Expr = meta.value()?.parse()?;
                }
                Ok(())
            })?;
        } else if attr.path().is_ident("json") {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("read_with") {
                    let value: LitStr = meta.value()?.parse()?;
                    out.read_with = Some(value.parse()?);
                    Ok(())
                } else {
                    Err(meta.error("FromJson: unknown json attribute"))
                }
            })?;
        }
    }
    Ok(out)
}

/// serde's `snake_case` for a variant name.
fn snake_case(name: &str) -> String {
    let mut out = String::new();
    for (index, ch) in name.chars().enumerate() {
        if ch.is_uppercase() && index > 0 {
            out.push('_');
        }
        out.extend(ch.to_lowercase());
    }
    out
}

fn derive(input: &DeriveInput) -> syn::Result<Tokens> {
    let name = &input.ident;
    let attrs = container(&input.attrs)?;
    let (impl_generics, type_generics, where_clause) = input.generics.split_for_impl();
    if let (Data::Enum(data), None, None) = (&input.data, &attrs.tag, &attrs.try_from) {
        return unit_enum(input, &attrs, data);
    }
    let body = if let Some(source) = &attrs.try_from {
        quote! {
            let raw = <#source as crate::json::FromJson>::read(reader)?;
            <Self as ::core::convert::TryFrom<#source>>::try_from(raw).map_err(crate::json::read::IntoReadError::into_read_error)
        }
    } else {
        match &input.data {
            Data::Struct(data) => struct_body(input, &attrs, &data.fields)?,
            Data::Enum(data) => enum_body(&attrs, data)?,
            Data::Union(_) => return Err(syn::Error::new_spanned(name, "FromJson: unions are not supported")),
        }
    };
    Ok(quote! {
        impl #impl_generics crate::json::FromJson for #name #type_generics #where_clause {
            fn read(reader: &mut crate::json::Reader<'_>) -> ::core::result::Result<Self, crate::json::ReadError> {
                #body
            }
        }
    })
}

fn struct_body(input: &DeriveInput, attrs: &Container, fields: &Fields) -> syn::Result<Tokens> {
    match fields {
        Fields::Unnamed(unnamed) if unnamed.unnamed.len() == 1 => Ok(quote! { Ok(Self(crate::json::FromJson::read(reader)?)) }),
        Fields::Named(named) if attrs.transparent && named.named.len() == 1 => {
            let field = named.named.first().and_then(|f| f.ident.as_ref());
            Ok(quote! { Ok(Self { #field: crate::json::FromJson::read(reader)? }) })
        }
        Fields::Named(_) => {
            let expected = attrs.expected.clone().unwrap_or_else(|| "an object".to_string());
            let (read, build) = object_fields(attrs, fields, &expected, None, attrs.default)?;
            Ok(quote! {
                #read
                Ok(Self #build)
            })
        }
        _ => Err(syn::Error::new_spanned(&input.ident, "FromJson: only structs with named fields or one unnamed field are supported")),
    }
}

/// The code reading the fields of one object into slots (`read`) and the braces that
/// build the value from them (`build`). `tag`, for a variant of a tagged enum, is a key
/// to pass over.
fn object_fields(attrs: &Container, fields: &Fields, expected: &str, tag: Option<&str>, struct_default: bool) -> syn::Result<(Tokens, Tokens)> {
    let mut slots = Vec::new();
    let mut arms = Vec::new();
    let mut builds = Vec::new();
    let mut known = Vec::new();
    for (index, field) in fields.iter().enumerate() {
        let Some(ident) = &field.ident else {
            return Err(syn::Error::new_spanned(field, "FromJson: fields must be named"));
        };
        let info = member(&field.attrs)?;
        if info.flatten {
            return Err(syn::Error::new_spanned(field, "FromJson: flatten is not supported"));
        }
        if info.deserialize_with && info.read_with.is_none() {
            return Err(syn::Error::new_spanned(field, "FromJson: a field with deserialize_with needs #[json(read_with = \"...\")]"));
        }
        let key = info.rename.clone().unwrap_or_else(|| ident.to_string().trim_start_matches("r#").to_string());
        let slot = Ident::new(&format!("field_{index}"), Span::call_site());
        let ty = &field.ty;
        slots.push(quote! { let mut #slot: ::core::option::Option<#ty> = ::core::option::Option::None; });
        let read = match &info.read_with {
            Some(function) => quote! {
                if #slot.is_some() {
                    return Err(crate::json::ReadError::duplicate_field(#key));
                }
                #slot = ::core::option::Option::Some(#function(reader)?);
                Ok(())
            },
            None => quote! { crate::json::read::field(reader, &mut #slot, #key) },
        };
        arms.push(quote! { #key => { #read } });
        let value = match (&info.default, struct_default) {
            (Some(Some(function)), _) => quote! { #slot.unwrap_or_else(#function) },
            (Some(None), _) => quote! { #slot.unwrap_or_default() },
            (None, true) => quote! { match #slot { ::core::option::Option::Some(value) => value, ::core::option::Option::None => defaults.#ident } },
            (None, false) if info.read_with.is_some() => quote! { #slot.ok_or_else(|| crate::json::ReadError::missing_field(#key))? },
            (None, false) => quote! { crate::json::read::required(#slot, #key)? },
        };
        builds.push(quote! { #ident: #value });
        known.push(key);
    }
    let tag_arm = tag.map(|tag| quote! { #tag => reader.skip(), });
    let other = if attrs.deny_unknown_fields {
        quote! { other => Err(crate::json::ReadError::unknown_field(other, &[#(#known),*])) }
    } else {
        quote! { _ => reader.skip() }
    };
    let defaults = struct_default.then(|| quote! { let defaults: Self = ::core::default::Default::default(); });
    let read = quote! {
        #(#slots)*
        reader.object(#expected, &mut |reader, key| match key {
            #(#arms)*
            #tag_arm
            #other
        })?;
        #defaults
    };
    Ok((read, quote! { { #(#builds),* } }))
}

/// The wire names of an enum's variants.
fn variant_names(attrs: &Container, data: &syn::DataEnum) -> syn::Result<Vec<String>> {
    let mut names = Vec::new();
    for variant in &data.variants {
        let info = member(&variant.attrs)?;
        let ident = variant.ident.to_string();
        names.push(info.rename.unwrap_or_else(|| if attrs.snake_case { snake_case(&ident) } else { ident }));
    }
    Ok(names)
}

/// An enum of unit variants: a string, read as a value or as an object's key.
fn unit_enum(input: &DeriveInput, attrs: &Container, data: &syn::DataEnum) -> syn::Result<Tokens> {
    let name = &input.ident;
    let names = variant_names(attrs, data)?;
    let mut arms = Vec::new();
    for (variant, wire) in data.variants.iter().zip(&names) {
        if !matches!(variant.fields, Fields::Unit) {
            return Err(syn::Error::new_spanned(variant, "FromJson: an enum without a tag must have unit variants only"));
        }
        let ident = &variant.ident;
        arms.push(quote! { #wire => Ok(Self::#ident), });
    }
    let expected = attrs.expected.clone().unwrap_or_else(|| format!("one of {}", names.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ")));
    Ok(quote! {
        impl crate::json::read::FromKey for #name {
            fn from_key(key: &str) -> ::core::result::Result<Self, crate::json::ReadError> {
                match key {
                    #(#arms)*
                    other => Err(crate::json::ReadError::unknown_variant(other, &[#(#names),*])),
                }
            }
        }

        impl crate::json::FromJson for #name {
            fn read(reader: &mut crate::json::Reader<'_>) -> ::core::result::Result<Self, crate::json::ReadError> {
                let name = reader.string(#expected)?;
                <Self as crate::json::read::FromKey>::from_key(&name)
            }
        }
    })
}

fn enum_body(attrs: &Container, data: &syn::DataEnum) -> syn::Result<Tokens> {
    let names = variant_names(attrs, data)?;
    match &attrs.tag {
        None => Err(syn::Error::new(Span::call_site(), "FromJson: an enum is either of unit variants or tagged")),
        Some(tag) => {
            let expected = attrs.expected.clone().unwrap_or_else(|| format!("an object with \"{tag}\""));
            let mut arms = Vec::new();
            for (variant, name) in data.variants.iter().zip(&names) {
                let ident = &variant.ident;
                let (read, build) = match &variant.fields {
                    Fields::Unit => object_fields(attrs, &Fields::Unit, &expected, Some(tag), false).map(|(read, _)| (read, quote! {}))?,
                    Fields::Named(_) => object_fields(attrs, &variant.fields, &expected, Some(tag), false)?,
                    Fields::Unnamed(_) => return Err(syn::Error::new_spanned(variant, "FromJson: tagged variants must be units or have named fields")),
                };
                arms.push(quote! { #name => { #read Ok(Self::#ident #build) } });
            }
            Ok(quote! {
                let name = match reader.tag(#tag, #expected)? {
                    ::core::option::Option::Some(name) => name,
                    ::core::option::Option::None => return Err(crate::json::ReadError::missing_field(#tag)),
                };
                match &*name {
                    #(#arms)*
                    other => Err(crate::json::ReadError::unknown_variant(other, &[#(#names),*]).at(#tag)),
                }
            })
        }
    }
}
